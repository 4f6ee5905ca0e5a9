using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>
/// ReCoN of one PE row: a registered butterfly of 2×2 <see cref="ReconSwitch"/>es over the 2·Cols logical lanes,
/// stages 0…L (topology of SmartQuant.Quant.Recon.ReconTopology: leaving stage t switch x through port p reaches
/// stage t+1 switch x with bit t set to p, on the input port equal to x's old bit t). Each Lower lane injects its
/// code tagged with its Upper lane at stage 0 (roles decoded by <see cref="LaneRoles"/>); at the last stage every
/// Upper lane holds its Lower half's code (GotV/GotCode). The row activation x', valid and bank travel along.
/// </summary>
public sealed class Recon : Module
{
    public readonly Signal Enable, ValidIn, BankIn, XIn;
    public readonly Signal[] EntryLow, EntryTag, EntryCode;
    public readonly Signal ValidOut, BankOut, XOut;
    public readonly Signal[] GotV, GotCode;
    public readonly ReconSwitch[,] Switches;
    private readonly MicroScopiQConfig _cfg;

    public override string? Variant => $"c{_cfg.Cols}_x{_cfg.ShiftedActWidth}";

    public Recon(MicroScopiQConfig cfg)
    {
        _cfg = cfg;
        int n = cfg.Lanes, tw = cfg.TagBits, xw = cfg.ShiftedActWidth, last = cfg.LastMergeStage, cw = ReconSwitch.CodeWidth;
        Enable = In(); ValidIn = In(); BankIn = In(); XIn = In(xw, signed: true);
        EntryLow = [.. Enumerable.Range(0, n).Select(_ => In())];
        EntryTag = [.. Enumerable.Range(0, n).Select(_ => In(tw))];
        EntryCode = [.. Enumerable.Range(0, n).Select(_ => In(cw))];
        ValidOut = Out(); BankOut = Out(); XOut = Out(xw, signed: true);
        GotV = [.. Enumerable.Range(0, n).Select(_ => Out())];
        GotCode = [.. Enumerable.Range(0, n).Select(_ => Out(cw))];

        Switches = new ReconSwitch[cfg.Stages, n];
        for (var s = 0; s < cfg.Stages; s++)
            for (var w = 0; w < n; w++)
            {
                var sw = Switches[s, w] = Reuse(static (c, st, resIn, resOut) => new ReconSwitch(c, st, resIn, resOut), cfg, s, s <= last, s < last, $"sw_{s}_{w}");
                sw.Enable.Assign(Enable); sw.SwitchId.Assign(Logic.Lit(w & ((1 << tw) - 1), tw));
                if (s == 0)
                {
                    sw.GotVIn.Assign(Logic.Lit(0, 1)); sw.GotCodeIn.Assign(Logic.Lit(0, cw));
                    for (var i = 0; i < 4; i++)
                    {
                        // A lane's own item enters on slot 1 of its left input (slot 0 is the identity item's place).
                        sw.ResVIn[i].Assign(i == 1 ? EntryLow[w] : Logic.Lit(0, 1));
                        sw.ResTagIn[i].Assign(i == 1 ? EntryTag[w] : Logic.Lit(0, tw));
                        sw.ResValIn[i].Assign(i == 1 ? EntryCode[w] : Logic.Lit(0, cw));
                    }
                    continue;
                }
                var prev = Switches[s - 1, w];
                sw.GotVIn.Assign(prev.GotVOut); sw.GotCodeIn.Assign(prev.GotCodeOut);
                if (s > last) continue;
                int bit = 1 << (s - 1);
                for (var q = 0; q < 2; q++)
                {
                    var src = Switches[s - 1, (w & ~bit) | (q == 1 ? bit : 0)];
                    var outPort = (w & bit) != 0 ? 1 : 0;
                    for (var k = 0; k < 2; k++)
                    {
                        sw.ResVIn[2 * q + k].Assign(src.ResVOut[2 * outPort + k]);
                        sw.ResTagIn[2 * q + k].Assign(src.ResTagOut[2 * outPort + k]);
                        sw.ResValIn[2 * q + k].Assign(src.ResValOut[2 * outPort + k]);
                    }
                }
            }

        var valid = Enumerable.Range(0, cfg.Stages).Select(i => Reg().Named($"valid_{i}")).ToArray();
        var bank = Enumerable.Range(0, cfg.Stages).Select(i => Reg().Named($"bank_{i}")).ToArray();
        var x = Enumerable.Range(0, cfg.Stages).Select(i => Reg(xw, signed: true).Named($"x_{i}")).ToArray();
        When(Enable, () =>
        {
            valid[0].Assign(ValidIn); bank[0].Assign(BankIn); x[0].Assign(XIn);
            for (var s = 1; s < cfg.Stages; s++) { valid[s].Assign(valid[s - 1]); bank[s].Assign(bank[s - 1]); x[s].Assign(x[s - 1]); }
        });
        ValidOut.Assign(valid[^1]); BankOut.Assign(bank[^1]); XOut.Assign(x[^1]);
        for (var j = 0; j < n; j++) { GotV[j].Assign(Switches[cfg.Stages - 1, j].GotVOut); GotCode[j].Assign(Switches[cfg.Stages - 1, j].GotCodeOut); }
    }
}
