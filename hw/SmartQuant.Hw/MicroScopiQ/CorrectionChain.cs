using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>
/// Shared-ReCoN correction chain: per lane, one register per PE row (stage ReconFlight + 1 + r holds what row r's own
/// chain register holds in the one-per-row design: a token's corrections of rows 0…r) and ReconFlight + 1 stages above
/// row 0 (ReconFlight = SharedEntryStages + Stages + MergeStages, a unit's grant-to-correction time),
/// for tokens whose corrections are ready before they reach the chain. It shifts one stage per enabled cycle; the
/// last stage meets the deskewed psums at the array bottom. The pool's units add their lane corrections into the
/// stage where the token's sum is at that moment: into the input of the next stage while the array advances, into
/// the stage itself (which holds still) while it is frozen.
/// </summary>
public sealed class CorrectionChain : Module
{
    public readonly Signal Enable;
    public readonly Signal[] InValid, InStage, InCorr;
    public readonly Signal[] Sum;
    private readonly MicroScopiQConfig _cfg;

    public override string? Variant => $"r{_cfg.Rows}_c{_cfg.Cols}_g{_cfg.ReconUnits}_a{_cfg.AccumulatorWidth}";

    /// <summary>Stages: Rows plus ReconFlight + 1 above row 0 (a result can be up to ReconFlight enabled cycles early, and one more
    /// while the array is frozen).</summary>
    public static int Depth(MicroScopiQConfig cfg) => cfg.Rows + cfg.ReconFlight + 1;
    public static int StageBits(MicroScopiQConfig cfg) => Logic.Log2Ceil(Depth(cfg));

    /// <summary>
    /// Stage holding row r's token after e enabled cycles of flight, r + e, from <paramref name="rowMinusStamp"/> = r
    /// minus the enabled-cycle count at the grant and <paramref name="advances"/>, the count now (both modulo 2^StageBits;
    /// r + e ≤ Depth − 2, so the sum is exact): had the array advanced every cycle (e = ReconFlight) the corrections would
    /// enter row r's stage (ReconFlight + 1 + r) with the token now; each missing enabled cycle leaves the token one stage
    /// higher. A frozen cycle adds to that stage, an advancing one to the next: the chain picks between the two with its
    /// enable (two compares from flip-flops and a select, not an adder behind the enable: that path was 42 generic gate
    /// levels at 8×8 with two units).
    /// </summary>
    public static Expr StageOf(Expr rowMinusStamp, Expr advances) => rowMinusStamp.AddWrap(advances);

    public CorrectionChain(MicroScopiQConfig cfg)
    {
        _cfg = cfg;
        int n = cfg.Lanes, aw = cfg.AccumulatorWidth, g = cfg.ReconUnits, depth = Depth(cfg), sw = StageBits(cfg);
        Enable = In();
        InValid = [.. Enumerable.Range(0, g).Select(_ => In())];
        InStage = [.. Enumerable.Range(0, g).Select(_ => In(sw))];
        InCorr = [.. Enumerable.Range(0, g).Select(_ => In(n * aw))];
        Sum = [.. Enumerable.Range(0, n).Select(_ => Out(aw, signed: true))];

        // Every stage shifts (or holds while frozen); each unit then reads its target stage, adds its corrections and
        // the stage keeps the sum: G adders for the whole chain instead of one per stage.
        int w = n * aw;
        var stages = new CorrectionStage[depth];
        var added = Enumerable.Range(0, g).Select(k => Wire(w).Named($"added_{k}")).ToArray();
        for (var i = 0; i < depth; i++)
        {
            var st = stages[i] = Reuse(static (w, g) => new CorrectionStage(w, g), w, g, $"stage_{i}");
            st.Enable.Assign(Enable);
            st.Above.Assign(i == 0 ? Logic.Lit(0, w) : stages[i - 1].Value);
            for (var k = 0; k < g; k++)
            {
                // InStage = r + e (≤ Depth − 2): this stage is the target when frozen at it, or advancing from the one above.
                var here = InStage[k].Eq(i);
                st.Hit[k].Assign(InValid[k] & (i == 0 ? ~Enable & here : Logic.Mux(Enable, InStage[k].Eq(i - 1), here)));
                st.Added[k].Assign(added[k]);
            }
        }
        for (var k = 0; k < g; k++)
        {
            var read = OrTree([.. stages.Select(st => (Expr)st.Offer[k])]);
            added[k].Assign(Logic.Cat(Enumerable.Range(0, n).Reverse().Select(j =>
                read[aw * j + aw - 1, aw * j].AddWrap(InCorr[k][aw * j + aw - 1, aw * j]))));
        }
        for (var j = 0; j < n; j++) Sum[j].Assign(stages[^1].Value[aw * j + aw - 1, aw * j].AsSigned());
    }

    /// <summary>OR of the stages' offers as a balanced tree (log depth, not a chain of Depth gates).</summary>
    private static Expr OrTree(IReadOnlyList<Expr> xs) =>
        xs.Count == 1 ? xs[0] : OrTree([.. xs.Take(xs.Count / 2)]) | OrTree([.. xs.Skip(xs.Count / 2)]);
}
