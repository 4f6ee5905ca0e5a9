using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>
/// Exact outlier merge of one lane after ReCoN (docs/spec/recon.md, "Exact merge arithmetic"), as a correction to what the PEs
/// already accumulated: every PE added its own product p = ±mag·x', so
/// <list type="bullet">
/// <item>Upper lane: corr = shift(T, ΔO − 2h) − p_U with T = c·x', c = ±(2^2h + M_U·2^h) ± M_L (the hidden bit with
/// the outlier's sign, the Upper half, and the Lower half's code that ReCoN delivered);</item>
/// <item>Lower lane (pruned slot): corr = −p_L; inlier lanes: 0.</item>
/// </list>
/// shift(T, ΔO − 2h) = (T &lt;&lt; ΔO) &gt;&gt;&gt; 2h is exact because x' is a multiple of 2^{sh_r} ≥ 2^{2h}.
/// Combinational; sums wrap at the accumulator width like every other adder.
/// </summary>
public sealed class CorrectionUnit : Module
{
    public readonly Signal Mode2, IsUp, IsLow, OwnCode, GotCode, DeltaO, X;
    public readonly Signal Corr;
    private readonly MicroScopiQConfig _cfg;

    public override string? Variant => $"x{_cfg.ShiftedActWidth}_a{_cfg.AccumulatorWidth}_d{_cfg.DeltaOWidth}";

    public CorrectionUnit(MicroScopiQConfig cfg)
    {
        _cfg = cfg;
        int aw = cfg.AccumulatorWidth, cw = ReconSwitch.CodeWidth;
        Mode2 = In(); IsUp = In(); IsLow = In(); OwnCode = In(cw); GotCode = In(cw); DeltaO = In(cfg.DeltaOWidth);
        X = In(cfg.ShiftedActWidth, signed: true);
        Corr = Out(aw, signed: true);

        var magU = OwnCode[2, 0];
        var hi = Logic.Mux(Mode2, Logic.Lit(4, 6).AddWrap((magU << 1).Extend(6)), Logic.Lit(16, 6).AddWrap((magU << 2).Extend(6)));
        var hiS = hi.ToSigned();
        var magL = GotCode[2, 0].ToSigned();
        var c = Logic.Mux(OwnCode[3], (-hiS).Resize(8), hiS.Resize(8)) + Logic.Mux(GotCode[3], (-magL).Resize(8), magL.Resize(8));
        var t = (c * X).ShiftLeft(DeltaO);
        var merged = Logic.Mux(Mode2, (t >> 2).Resize(aw), (t >> 4).Resize(aw));
        var own = magU.ToSigned();
        var pOwn = (Logic.Mux(OwnCode[3], (-own).Resize(5), own.Resize(5)) * X).Resize(aw);
        var zero = Logic.Lit(0, aw, signed: true);
        Corr.Assign(Logic.Mux(IsUp, merged.SubWrap(pOwn), Logic.Mux(IsLow, zero.SubWrap(pOwn), zero)));
    }
}
