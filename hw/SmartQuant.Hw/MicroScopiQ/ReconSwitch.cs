using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>
/// One registered 2×2 ReCoN switch at stage <c>stage</c>. It owns lane SwitchId's accumulator item (the acc path of
/// a lane never leaves its switch index, so it needs no wire) and routes up to four res items (Left slot 0/1, Right
/// slot 0/1) by their destination tag: a res whose tag equals SwitchId merges here, any other leaves through port
/// tag[stage] (Left = 0). Output slots are filled in input order (L0, L1, R0, R1). Pass, swap, route and merge in
/// both orientations are all special cases of this self-routing rule, so the settings are decoded from the µB
/// permutation lists at ReCoN entry (as tags) instead of being stored per switch.
/// Exact merge (research/microscopiq.md §2.10): acc += ((A + p_L) &lt;&lt; ΔO) &gt;&gt;&gt; 2h with
/// A = ((±x') &lt;&lt; 2h) + (p_U &lt;&lt; h) computed at entry, i.e. shift(T, ΔO − 2h) with the hidden bit's sign.
/// </summary>
public sealed class ReconSwitch : Module
{
    public readonly Signal Enable, Mode2, SwitchId;
    public readonly Signal AccIn;
    public readonly Signal? AIn, DIn, PendIn;
    public readonly Signal[] ResVIn = [], ResTagIn = [], ResValIn = [];
    public readonly Signal AccOut;
    public readonly Signal? AOut, DOut, PendOut;
    public readonly Signal[] ResVOut = [], ResTagOut = [], ResValOut = [];
    private readonly MicroScopiQConfig _cfg;
    private readonly int _stage;
    private readonly bool _resIn, _resOut;

    public override string? Variant => $"s{_stage}{(_resIn ? "_m" : "")}{(_resOut ? "_r" : "")}_l{_cfg.LaneBits}_x{_cfg.ShiftedActWidth}_a{_cfg.AccumulatorWidth}_d{_cfg.DeltaOWidth}";

    /// <param name="resIn">res items can arrive at this stage (stage ≤ LastMergeStage).</param>
    /// <param name="resOut">res items can leave this stage (stage &lt; LastMergeStage).</param>
    public ReconSwitch(MicroScopiQConfig cfg, int stage, bool resIn, bool resOut)
    {
        _cfg = cfg; _stage = stage; _resIn = resIn; _resOut = resOut;
        int aw = cfg.AccumulatorWidth, mt = cfg.MergeTermWidth, pw = cfg.ProductWidth, lb = cfg.LaneBits, dw = cfg.DeltaOWidth;
        Enable = In(); Mode2 = In(); SwitchId = In(lb);
        AccIn = In(aw, signed: true);
        AccOut = Out(aw, signed: true);
        var acc = Reg(aw, signed: true);
        AccOut.Assign(acc);
        if (!resIn)
        {
            // Past the last merge stage the switch only carries its lane's acc (fixed identity pattern).
            When(Enable, () => acc.Assign(AccIn));
            return;
        }
        AIn = In(mt, signed: true); DIn = In(dw); PendIn = In();
        ResVIn = [.. Enumerable.Range(0, 4).Select(_ => In())];
        ResTagIn = [.. Enumerable.Range(0, 4).Select(_ => In(lb))];
        ResValIn = [.. Enumerable.Range(0, 4).Select(_ => In(pw, signed: true))];

        var hit = new Expr[4];
        for (var i = 0; i < 4; i++) hit[i] = ResVIn[i] & ResTagIn[i].Eq(SwitchId);
        Expr merged = Logic.Lit(0, pw, signed: true), anyHit = Logic.Lit(0, 1);
        for (var i = 3; i >= 0; i--) merged = Logic.Mux(hit[i], ResValIn[i], merged);
        for (var i = 0; i < 4; i++) anyHit = anyHit | hit[i];
        var t = (AIn + merged).ShiftLeft(DIn);
        var shifted = Logic.Mux(Mode2, (t >> 2).Resize(aw), (t >> 4).Resize(aw));
        var doMerge = PendIn & anyHit;
        When(Enable, () => acc.Assign(Logic.Mux(doMerge, AccIn.AddWrap(shifted), AccIn)));

        if (!resOut) return;
        AOut = Out(mt, signed: true); DOut = Out(dw); PendOut = Out();
        var a = Reg(mt, signed: true); var d = Reg(dw); var pend = Reg();
        When(Enable, () =>
        {
            a.Assign(AIn); d.Assign(DIn); pend.Assign(PendIn & ~anyHit);
        });
        AOut.Assign(a); DOut.Assign(d); PendOut.Assign(pend);

        ResVOut = [.. Enumerable.Range(0, 4).Select(_ => Out())];
        ResTagOut = [.. Enumerable.Range(0, 4).Select(_ => Out(lb))];
        ResValOut = [.. Enumerable.Range(0, 4).Select(_ => Out(pw, signed: true))];
        for (var port = 0; port < 2; port++)
        {
            // Items leaving through this port, packed into its two slots in input order.
            var go = new Expr[4];
            for (var i = 0; i < 4; i++)
                go[i] = ResVIn[i] & ~hit[i] & (port == 0 ? ~ResTagIn[i][stage] : ResTagIn[i][stage]);
            for (var slot = 0; slot < 2; slot++)
            {
                Expr v = Logic.Lit(0, 1), tag = Logic.Lit(0, lb), val = Logic.Lit(0, pw, signed: true);
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
                var rv = Reg().Named($"res_v_{o}"); var rt = Reg(lb).Named($"res_tag_{o}"); var rx = Reg(pw, signed: true).Named($"res_val_{o}");
                When(Enable, () => { rv.Assign(v); rt.Assign(tag); rx.Assign(val); });
                ResVOut[o].Assign(rv); ResTagOut[o].Assign(rt); ResValOut[o].Assign(rx);
            }
        }
    }
}
