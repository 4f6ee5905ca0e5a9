using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>
/// G ReCoN units shared by the rows (cfg.SharedRecon). Every cycle the <see cref="ReconArbiter"/> grants unit k to one
/// requesting row; the unit takes that row's item vector and carries the row number beside it. The units never stall
/// (so a result is never late, see <see cref="PeRow"/>); Stages cycles later the unit's received codes are pushed
/// into the row's result queue. The array is frozen (global stall) while a request is left ungranted.
/// </summary>
public sealed class SharedReconPool : Module
{
    public readonly Signal Advance, Request, AllServed, Lost, Push;
    public readonly Signal[] ItemLow, ItemTag, ItemCode, PushCode;
    public readonly ReconArbiter Arbiter;
    public readonly Recon[] Units;
    private readonly MicroScopiQConfig _cfg;

    public override string? Variant => $"r{_cfg.Rows}_c{_cfg.Cols}_g{_cfg.ReconUnits}";

    public SharedReconPool(MicroScopiQConfig cfg)
    {
        _cfg = cfg;
        int rows = cfg.Rows, g = cfg.ReconUnits, n = cfg.Lanes, tw = cfg.TagBits, cw = ReconSwitch.CodeWidth, rb = cfg.RowBits;
        Advance = In(); Request = In(rows);
        ItemLow = [.. Enumerable.Range(0, rows).Select(_ => In(n))];
        ItemTag = [.. Enumerable.Range(0, rows).Select(_ => In(n * tw))];
        ItemCode = [.. Enumerable.Range(0, rows).Select(_ => In(n * cw))];
        AllServed = Out(); Lost = Out(Logic.Log2Ceil(rows + 1)); Push = Out(rows);
        PushCode = [.. Enumerable.Range(0, rows).Select(_ => Out(n * cw))];

        Arbiter = Instance(new ReconArbiter(rows, g), "arbiter");
        Arbiter.Request.Assign(Request); Arbiter.Advance.Assign(Advance);
        AllServed.Assign(Arbiter.AllServed); Lost.Assign(Arbiter.Lost);

        // One-hot select of row vectors (a grant has at most one bit set).
        Expr Select(Expr oneHot, Signal[] perRow) =>
            Enumerable.Range(0, rows).Select(r => Logic.Repeat(oneHot[r], perRow[r].Width) & perRow[r]).Aggregate((a, b) => a | b);
        Units = new Recon[g];
        var outValid = new Expr[g];
        var outRow = new Expr[g];
        var outCode = new Expr[g];
        for (var k = 0; k < g; k++)
        {
            var grant = Arbiter.Grant[k];
            var unit = Units[k] = Instance(new Recon(cfg), $"unit_{k}");
            unit.Enable.Assign(Logic.Lit(1, 1));
            unit.ValidIn.Assign(grant.OrReduce()); unit.BankIn.Assign(Logic.Lit(0, 1));
            unit.XIn.Assign(Logic.Lit(0, cfg.ShiftedActWidth, signed: true));
            Expr low = Select(grant, ItemLow), tag = Select(grant, ItemTag), code = Select(grant, ItemCode);
            for (var j = 0; j < n; j++)
            {
                unit.EntryLow[j].Assign(low[j]);
                unit.EntryTag[j].Assign(tag[tw * j + tw - 1, tw * j]);
                unit.EntryCode[j].Assign(code[cw * j + cw - 1, cw * j]);
            }
            var row = Logic.Cat(Enumerable.Range(0, rb).Reverse().Select(b =>
                Enumerable.Range(0, rows).Where(i => ((i >> b) & 1) != 0).Select(i => grant[i]).Aggregate(Logic.Lit(0, 1), (x, y) => x | y)));
            outValid[k] = unit.ValidOut;
            outRow[k] = DelayLine.Delay(this, Logic.Lit(1, 1), row, cfg.Stages, $"unit_row_{k}");
            outCode[k] = Logic.Cat(Enumerable.Range(0, n).Reverse().Select(j => (Expr)unit.GotCode[j]));
        }
        var push = new Expr[rows];
        for (var r = 0; r < rows; r++)
        {
            var hits = Enumerable.Range(0, g).Select(k => outValid[k] & outRow[k].Eq(r)).ToArray();
            push[r] = hits.Aggregate((a, b) => a | b);
            PushCode[r].Assign(Enumerable.Range(0, g).Select(k => Logic.Repeat(hits[k], n * cw) & outCode[k]).Aggregate((a, b) => a | b));
        }
        Push.Assign(Logic.Cat(push.Reverse()));
    }
}
