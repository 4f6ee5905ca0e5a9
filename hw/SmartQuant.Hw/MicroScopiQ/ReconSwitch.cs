using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>
/// One registered 2×2 ReCoN switch at stage <c>stage</c>. Items are the Lower halves' codes {sign, 3-bit magnitude}
/// tagged with their Upper lane (µB-local tag: items never leave their 2·Bµ-lane group). Up to four items arrive
/// (Left slot 0/1, Right slot 0/1); an item whose tag equals SwitchId has reached its Upper lane and is latched into
/// the lane-bound "got" register, which then travels with the lane to the end of ReCoN; any other item leaves through
/// port tag[stage] (Left = 0), output slots filled in input order. Pass, swap, route and merge in both orientations
/// are all special cases of this self-routing rule, so switch settings are decoded from the permutation lists at
/// ReCoN entry (as tags) instead of being stored. The arithmetic of the merge is done once per lane after the last
/// stage (<see cref="CorrectionUnit"/>), not in every switch.
/// <para>The designs build ReCoN from <see cref="ReconStage"/>s, which compute all switches of a stage at once as bit planes
/// with this switch's function; this one-switch module is kept as the reference block (its own block co-simulation).</para>
/// </summary>
public sealed class ReconSwitch : Module
{
    public const int CodeWidth = 4;
    public readonly Signal Enable, SwitchId, GotVIn, GotCodeIn;
    public readonly Signal[] ResVIn = [], ResTagIn = [], ResValIn = [];
    public readonly Signal GotVOut, GotCodeOut;
    public readonly Signal[] ResVOut = [], ResTagOut = [], ResValOut = [];
    private readonly int _stage, _tw;
    private readonly bool _resIn, _resOut;

    public override string? Variant => $"s{_stage}{(_resIn ? "_m" : "")}{(_resOut ? "_r" : "")}_t{_tw}";

    /// <param name="resIn">items can arrive at this stage (stage ≤ LastMergeStage).</param>
    /// <param name="resOut">items can leave this stage (stage &lt; LastMergeStage).</param>
    public ReconSwitch(MicroScopiQConfig cfg, int stage, bool resIn, bool resOut)
    {
        _stage = stage; _resIn = resIn; _resOut = resOut;
        int tw = _tw = cfg.TagBits, cw = CodeWidth;
        Enable = In(); SwitchId = In(tw); GotVIn = In(); GotCodeIn = In(cw);
        GotVOut = Out(); GotCodeOut = Out(cw);
        var gotV = Reg(); var gotCode = Reg(cw);
        GotVOut.Assign(gotV); GotCodeOut.Assign(gotCode);
        if (!resIn)
        {
            // Past the last merge stage the switch only carries its lane's state (fixed identity pattern).
            When(Enable, () => { gotV.Assign(GotVIn); gotCode.Assign(GotCodeIn); });
            return;
        }
        ResVIn = [.. Enumerable.Range(0, 4).Select(_ => In())];
        ResTagIn = [.. Enumerable.Range(0, 4).Select(_ => In(tw))];
        ResValIn = [.. Enumerable.Range(0, 4).Select(_ => In(cw))];

        // Mask form (4-bit valid/hit/direction masks, priority chains on the first set bit; a port's second item is the first
        // set bit of go & ~(go & −go)): the same function as an adder per item and slot, fewer cells, far less Verilated work.
        var valid = Logic.Cat(ResVIn.Reverse().Select(v => (Expr)v));
        var hit = valid & Logic.Cat(ResTagIn.Reverse().Select(t => t.Eq(SwitchId)));
        // The lowest-numbered hit wins (items are met in input order).
        var merged = Logic.Mux(hit.OrReduce(), SelectFirst(hit, ResValIn), GotCodeIn);
        When(Enable, () => { gotV.Assign(GotVIn | hit.OrReduce()); gotCode.Assign(merged); });

        if (!resOut) return;
        ResVOut = [.. Enumerable.Range(0, 4).Select(_ => Out())];
        ResTagOut = [.. Enumerable.Range(0, 4).Select(_ => Out(tw))];
        ResValOut = [.. Enumerable.Range(0, 4).Select(_ => Out(cw))];
        // Items that travel on, and which port they leave through (tag bit `stage`, Left = 0).
        var moving = valid & ~hit;
        var right = Logic.Cat(ResTagIn.Reverse().Select(t => t[stage]));
        var items = Enumerable.Range(0, 4).Select(i => Logic.Cat(ResTagIn[i], ResValIn[i])).ToArray();
        for (var port = 0; port < 2; port++)
        {
            // Items leaving through this port fill its two slots in input order: the lowest such item, then the next.
            var go = moving & (port == 0 ? ~right : right);
            var first = go;                         // slot 0: the first set bit of go (priority select)
            var second = go & ~LowestSet(go);       // slot 1: the first set bit of what remains
            foreach (var (slot, take) in new[] { (0, first), (1, second) })
            {
                int o = 2 * port + slot;
                var reg = Reg(1 + tw + cw).Named($"res_{o}");
                When(Enable, () => reg.Assign(Logic.Cat(take.OrReduce(), SelectFirst(take, items))));
                ResVOut[o].Assign(reg[tw + cw]); ResTagOut[o].Assign(reg[tw + cw - 1, cw]); ResValOut[o].Assign(reg[cw - 1, 0]);
            }
        }
    }

    /// <summary>The lowest set bit of <paramref name="mask"/> alone (mask &amp; −mask); 0 when the mask is 0.</summary>
    private static Expr LowestSet(Expr mask) => mask & (~mask).AddWrap(1);

    /// <summary>values[i] for the lowest set bit i of <paramref name="mask"/> (0 when none): one priority chain of
    /// multiplexers (cheaper in cells than an AND-OR of one-hot selects).</summary>
    private static Expr SelectFirst(Expr mask, IReadOnlyList<Expr> values)
    {
        Expr r = Logic.Lit(0, values[0].Width);
        for (var i = values.Count - 1; i >= 0; i--) r = Logic.Mux(mask[i], values[i], r);
        return r;
    }
}
