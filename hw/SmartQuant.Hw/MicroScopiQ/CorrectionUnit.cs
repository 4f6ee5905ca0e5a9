using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>
/// Exact outlier merge of one lane after ReCoN (research/microscopiq.md §2.10), as a correction to what the PEs
/// already accumulated: every PE added its own product p = ±mag·x', so
/// <list type="bullet">
/// <item>Upper lane: corr = shift(T, ΔO − 2h) − p_U with T = c·x', c = ±(2^2h + M_U·2^h) ± M_L (the hidden bit with
/// the outlier's sign, the Upper half, and the Lower half's code that ReCoN delivered);</item>
/// <item>Lower lane (pruned slot): corr = −p_L; inlier lanes: 0.</item>
/// </list>
/// shift(T, ΔO − 2h) = (T &lt;&lt; ΔO) &gt;&gt;&gt; 2h is exact because x' is a multiple of 2^{sh_r} ≥ 2^{2h}.
/// Pipelined in <see cref="MicroScopiQConfig.MergeStages"/> = 2 register stages that advance with Enable: the two
/// products (c·x' and p_own) are registered, then the shifted and subtracted correction; Corr is a register, so the
/// correction adder behind it starts a fresh path (the unpipelined merge plus that adder was 72–74 gate levels).
/// Sums wrap at the accumulator width like every other adder.
/// </summary>
public sealed class CorrectionUnit : Module
{
    public readonly Signal Enable, Mode2, IsUp, IsLow, OwnCode, GotCode, DeltaO, X;
    public readonly Signal Corr;
    private readonly MicroScopiQConfig _cfg;

    public override string? Variant => $"x{_cfg.ShiftedActWidth}_a{_cfg.AccumulatorWidth}_d{_cfg.DeltaOWidth}";

    public CorrectionUnit(MicroScopiQConfig cfg)
    {
        _cfg = cfg;
        int aw = cfg.AccumulatorWidth, cw = ReconSwitch.CodeWidth;
        Enable = In(); Mode2 = In(); IsUp = In(); IsLow = In(); OwnCode = In(cw); GotCode = In(cw); DeltaO = In(cfg.DeltaOWidth);
        X = In(cfg.ShiftedActWidth, signed: true);
        Corr = Out(aw, signed: true);

        // ---- stage 1: the two products ----
        var magU = OwnCode[2, 0];
        var hi = Logic.Mux(Mode2, Logic.Lit(4, 6).AddWrap((magU << 1).Extend(6)), Logic.Lit(16, 6).AddWrap((magU << 2).Extend(6)));
        var hiS = hi.ToSigned();
        var magL = GotCode[2, 0].ToSigned();
        var c = Logic.Mux(OwnCode[3], (-hiS).Resize(8), hiS.Resize(8)) + Logic.Mux(GotCode[3], (-magL).Resize(8), magL.Resize(8));
        var own = magU.ToSigned();
        var t = c * X;                                                                    // |c| ≤ 51: fits 8 + xw bits
        var pOwn = Logic.Mux(OwnCode[3], (-own).Resize(5), own.Resize(5)) * X;             // ±7·x'
        var tReg = Reg(t.Width, signed: true).Named("product");
        var pReg = Reg(pOwn.Width, signed: true).Named("own_product");
        var dReg = Reg(cfg.DeltaOWidth).Named("delta_o_held");
        var upReg = Reg().Named("is_up_held"); var lowReg = Reg().Named("is_low_held");
        When(Enable, () => { tReg.Assign(t); pReg.Assign(pOwn); dReg.Assign(DeltaO); upReg.Assign(IsUp); lowReg.Assign(IsLow); });

        // ---- stage 2: shift by ΔO − 2h, subtract the PE's own product ----
        var shifted = tReg.ShiftLeft(dReg);
        var merged = Logic.Mux(Mode2, (shifted >> 2).Resize(aw), (shifted >> 4).Resize(aw));
        var pOwnW = pReg.Resize(aw);
        var zero = Logic.Lit(0, aw, signed: true);
        var corr = Reg(aw, signed: true).Named("corr_held");
        When(Enable, () => corr.Assign(Logic.Mux(upReg, merged.SubWrap(pOwnW), Logic.Mux(lowReg, zero.SubWrap(pOwnW), zero))));
        Corr.Assign(corr);
    }
}
