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
/// Pipelined in <see cref="MicroScopiQConfig.MergeStages"/> = 3 register stages that advance with Enable: the merged
/// code c (its inputs come through the row's bank muxes), the two products c·x' and p_own, then the shifted and
/// subtracted correction; Corr is a register, so the correction adder behind it starts a fresh path (the unpipelined
/// merge plus that adder was 72–74 gate levels; with two stages, c and the product together still made 43).
/// Sums wrap at the accumulator width like every other adder.
/// </summary>
public sealed class CorrectionUnit : Module
{
    public readonly Signal Enable, TwoBitMode, IsUp, IsLow, OwnCode, GotCode, DeltaO, X;
    public readonly Signal Corr;
    private readonly MicroScopiQConfig _cfg;

    public override string? Variant => $"x{_cfg.ShiftedActWidth}_a{_cfg.AccumulatorWidth}_d{_cfg.DeltaOWidth}";

    public CorrectionUnit(MicroScopiQConfig cfg)
    {
        _cfg = cfg;
        int aw = cfg.AccumulatorWidth, cw = ReconSwitch.CodeWidth;
        Enable = In(); TwoBitMode = In(); IsUp = In(); IsLow = In(); OwnCode = In(cw); GotCode = In(cw); DeltaO = In(cfg.DeltaOWidth);
        X = In(cfg.ShiftedActWidth, signed: true);
        Corr = Out(aw, signed: true);

        // ---- stage 1: the merged code c and the lane's own signed magnitude (the inputs arrive through bank muxes) ----
        var magU = OwnCode[2, 0];
        var hi = Logic.Mux(TwoBitMode, Logic.Lit(4, 6).AddWrap((magU << 1).Extend(6)), Logic.Lit(16, 6).AddWrap((magU << 2).Extend(6)));
        var hiS = hi.ToSigned();
        var magL = GotCode[2, 0].ToSigned();
        // |c| ≤ 16 + 4·7 + 7 = 51: 8 bits hold it, so the sum wraps at 8 bits without loss.
        var c = Logic.Mux(OwnCode[3], (-hiS).Resize(8), hiS.Resize(8)).AddWrap(Logic.Mux(GotCode[3], (-magL).Resize(8), magL.Resize(8)));
        var own = magU.ToSigned();
        var cReg = Reg(8, signed: true).Named("merged_code");
        var ownReg = Reg(5, signed: true).Named("own_signed");
        var xReg = Reg(cfg.ShiftedActWidth, signed: true).Named("x_held");
        var d1 = Reg(cfg.DeltaOWidth).Named("delta_o_1");
        var up1 = Reg().Named("is_up_1"); var low1 = Reg().Named("is_low_1");
        When(Enable, () =>
        {
            cReg.Assign(c); ownReg.Assign(Logic.Mux(OwnCode[3], (-own).Resize(5), own.Resize(5)));
            xReg.Assign(X); d1.Assign(DeltaO); up1.Assign(IsUp); low1.Assign(IsLow);
        });

        // ---- stage 2: the two products T = c·x' and p_own = ±M·x' ----
        var t = cReg * xReg;
        var pOwn = ownReg * xReg;
        var tReg = Reg(t.Width, signed: true).Named("product");
        var pReg = Reg(pOwn.Width, signed: true).Named("own_product");
        var dReg = Reg(cfg.DeltaOWidth).Named("delta_o_2");
        var upReg = Reg().Named("is_up_2"); var lowReg = Reg().Named("is_low_2");
        When(Enable, () => { tReg.Assign(t); pReg.Assign(pOwn); dReg.Assign(d1); upReg.Assign(up1); lowReg.Assign(low1); });

        // ---- stage 3: shift by ΔO − 2h, subtract the PE's own product ----
        var shifted = tReg.ShiftLeft(dReg);
        var merged = Logic.Mux(TwoBitMode, (shifted >> 2).Resize(aw), (shifted >> 4).Resize(aw));
        var pOwnW = pReg.Resize(aw);
        var zero = Logic.Lit(0, aw, signed: true);
        var corr = Reg(aw, signed: true).Named("corr_held");
        When(Enable, () => corr.Assign(Logic.Mux(upReg, merged.SubWrap(pOwnW), Logic.Mux(lowReg, zero.SubWrap(pOwnW), zero))));
        Corr.Assign(corr);
    }
}
