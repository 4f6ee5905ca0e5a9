using System.Numerics;
using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>
/// ReCoN of one PE row: a registered butterfly of 2×2 switches (<see cref="ReconSwitch"/>'s function) over the 2·Cols
/// logical lanes, stages 0…L, built as one <see cref="ReconStage"/> per stage that holds all of the stage's switches as
/// bit planes (topology of SmartQuant.Quant.Recon.ReconTopology: leaving stage t switch x through port p reaches
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
    public readonly ReconStage[] Stages;
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

        Stages = new ReconStage[cfg.Stages];
        for (var s = 0; s < cfg.Stages; s++)
        {
            var st = Stages[s] = Reuse(static (c, t) => new ReconStage(c, t), cfg, s, $"stage_{s}");
            st.Enable.Assign(Enable);
            if (s == 0)
            {
                // A stage is busy while an item may be in it; at entry, while any lane injects one.
                st.BusyIn.Assign(Logic.Cat(EntryLow.Reverse().Select(e => (Expr)e)).OrReduce());
                for (var w = 0; w < n; w++) { st.EntryLow[w].Assign(EntryLow[w]); st.EntryTag[w].Assign(EntryTag[w]); st.EntryCode[w].Assign(EntryCode[w]); }
                continue;
            }
            var prev = Stages[s - 1];
            st.BusyIn.Assign(prev.BusyOut);
            if (st.GotVIn is { } gotV && st.GotCodeIn is { } gotCode) { gotV.Assign(prev.GotVOut); gotCode.Assign(prev.GotCodeOut); } // past entry: always declared (an unconnected one would be reported as undriven)
            if (s > last) continue;
            // Butterfly between stage s − 1 and s (bit b = s − 1 of the switch index): switch w's input port q takes
            // the outputs of port (bit b of w) of switch w with bit b set to q. As planes: lanes with bit b clear keep
            // their port-0 items on q = 0 and take those of lane w + 2^b on q = 1; lanes with bit b set keep their
            // port-1 items on q = 1 and take those of lane w − 2^b on q = 0. Masked planes never cross a plane boundary.
            int b = s - 1, sh = 1 << b;
            for (var k = 0; k < 2; k++)
                for (var q = 0; q < 2; q++)
                {
                    var i = 2 * q + k;
                    if (st.ItemV[i] is not { } itemV || st.ItemTag[i] is not { } itemTag || st.ItemCode[i] is not { } itemCode) continue;
                    itemV.Assign(Route(prev.ResV[k], prev.ResV[2 + k], q, b, sh, 1));
                    itemTag.Assign(Route(prev.ResTag[k], prev.ResTag[2 + k], q, b, sh, tw));
                    itemCode.Assign(Route(prev.ResCode[k], prev.ResCode[2 + k], q, b, sh, cw));
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
        // Lane j's got bit and code out of the last stage's planes.
        var lastStage = Stages[^1];
        for (var j = 0; j < n; j++)
        {
            GotV[j].Assign(lastStage.GotVOut[j]);
            GotCode[j].Assign(Logic.Cat(Enumerable.Range(0, cw).Reverse().Select(c => lastStage.GotCodeOut[c * n + j])));
        }
    }

    /// <summary>Input port q of stage s's switches from the two ports' slot k (planes of <paramref name="planes"/> fields;
    /// null: nothing can leave through that slot).</summary>
    private Expr Route(Signal? port0, Signal? port1, int q, int b, int sh, int planes)
    {
        int n = _cfg.Lanes, width = planes * n;
        var low = BigInteger.Zero;   // lanes with bit b clear, in every plane
        for (var p = 0; p < planes; p++)
            for (var w = 0; w < n; w++)
                if (((w >> b) & 1) == 0) low |= BigInteger.One << (p * n + w);
        var keep = Logic.Lit(low, width); var high = Logic.Lit(~low & ((BigInteger.One << width) - 1), width);
        Expr zero = Logic.Lit(0, width);
        Expr p0 = port0 ?? zero, p1 = port1 ?? zero;
        return q == 0
            ? (p0 & keep) | ((p1 & keep) << sh).Truncate(width)
            : ((p0 & high) >> sh).Extend(width) | (p1 & high);
    }
}
