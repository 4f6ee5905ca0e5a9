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

        var hit = new Expr[4];
        for (var i = 0; i < 4; i++) hit[i] = ResVIn[i] & ResTagIn[i].Eq(SwitchId);
        Expr merged = GotCodeIn, anyHit = GotVIn;
        for (var i = 3; i >= 0; i--) merged = Logic.Mux(hit[i], ResValIn[i], merged);
        for (var i = 0; i < 4; i++) anyHit = anyHit | hit[i];
        When(Enable, () => { gotV.Assign(anyHit); gotCode.Assign(merged); });

        if (!resOut) return;
        ResVOut = [.. Enumerable.Range(0, 4).Select(_ => Out())];
        ResTagOut = [.. Enumerable.Range(0, 4).Select(_ => Out(tw))];
        ResValOut = [.. Enumerable.Range(0, 4).Select(_ => Out(cw))];
        for (var port = 0; port < 2; port++)
        {
            // Items leaving through this port, packed into its two slots in input order.
            var go = new Expr[4];
            for (var i = 0; i < 4; i++)
                go[i] = ResVIn[i] & ~hit[i] & (port == 0 ? ~ResTagIn[i][stage] : ResTagIn[i][stage]);
            for (var slot = 0; slot < 2; slot++)
            {
                Expr v = Logic.Lit(0, 1), tag = Logic.Lit(0, tw), val = Logic.Lit(0, cw);
                for (var i = 3; i >= 0; i--)
                {
                    // Item i takes this slot when exactly `slot` earlier items also leave through this port.
                    var earlier = Enumerable.Range(0, i).Select(k => go[k].Extend(3)).Aggregate(Logic.Lit(0, 3), (x, y) => x.AddWrap(y));
                    var take = go[i] & earlier.Eq(slot);
                    v = Logic.Mux(take, Logic.Lit(1, 1), v);
                    tag = Logic.Mux(take, ResTagIn[i], tag);
                    val = Logic.Mux(take, ResValIn[i], val);
                }
                int o = 2 * port + slot;
                var rv = Reg().Named($"res_v_{o}"); var rt = Reg(tw).Named($"res_tag_{o}"); var rx = Reg(cw).Named($"res_val_{o}");
                When(Enable, () => { rv.Assign(v); rt.Assign(tag); rx.Assign(val); });
                ResVOut[o].Assign(rv); ResTagOut[o].Assign(rt); ResValOut[o].Assign(rx);
            }
        }
    }
}
