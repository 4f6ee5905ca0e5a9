using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>
/// Multi-precision weight-stationary PE. The 4-bit weight word holds one sign-magnitude 4-bit weight (MODE bb = 4,
/// lane 0) or two 2-bit weights (bb = 2: lane 0 in bits [1:0], lane 1 in [3:2]). Two ping-pong weight registers:
/// loads write bank LoadBank, each token uses the bank it carries. The PE always accumulates
/// psum_out = psum_in + p with p = ±mag·x' (also for outlier halves: ReCoN later adds the exact correction, see
/// <see cref="CorrectionUnit"/>), so it is a plain MAC pair with no outlier mode and no product outputs. Activation,
/// valid and bank move one PE east per cycle; everything holds while Enable is low. The weight registers are outputs
/// so the row's ReCoN entry can read the outlier halves' codes without copying them.
/// </summary>
public sealed class MultiPrecisionPe : Module
{
    public readonly Signal Enable, TwoBitMode;
    public readonly Signal LoadEn, LoadBank, LoadWeight;
    public readonly Signal ActIn, ValidIn, BankIn;
    public readonly Signal[] PsumIn;
    public readonly Signal ActOut, ValidOut, BankOut;
    public readonly Signal[] PsumOut, Weights;
    private readonly MicroScopiQConfig _cfg;

    public override string? Variant => $"x{_cfg.ShiftedActWidth}_a{_cfg.AccumulatorWidth}";

    /// <summary>Lane code {sign, 3-bit magnitude} of lane <paramref name="lane"/> (0/1) of weight word <paramref name="w"/>.</summary>
    public static (Expr Sign, Expr Mag) LaneCode(Expr w, Expr twoBitMode, int lane) => lane == 0
        ? (Logic.Mux(twoBitMode, w[1], w[3]), Logic.Mux(twoBitMode, w[0].Extend(3), w[2, 0]))
        : (twoBitMode & w[3], Logic.Mux(twoBitMode, w[2].Extend(3), Logic.Lit(0, 3)));

    /// <summary>
    /// p = ±mag·x' (<paramref name="width"/> bits, signed) as mag·(±x'): the sign selects x' or −x' (negated from the
    /// activation register, off the weight path) before the multiplier instead of negating the product after it. The
    /// negation after the multiplier put a second carry chain between the weight register and the psum adder (42
    /// generic gate levels); now it is weight register → bank/mode muxes → ±x' select → multiplier → psum add (37, docs/
    /// microscopiq-hw.md "Logic depth"). The product stays one multiplier, so FPGA flows still give it a DSP (docs/fpga.md).
    /// |mag·x'| ≤ 7·2^(xw−1) fits width − 1 bits, so the truncation is exact.
    /// </summary>
    public static Expr SignedProduct(Expr sign, Expr mag, Expr act, int width)
    {
        var xs = Logic.Mux(sign, -act, act.Extend(act.Width + 1));   // ±x'; −(−2^(xw−1)) fits xw + 1 bits
        return (mag.ToSigned() * xs).Resize(width);
    }

    public MultiPrecisionPe(MicroScopiQConfig cfg)
    {
        _cfg = cfg;
        int xw = cfg.ShiftedActWidth, pw = cfg.ProductWidth, aw = cfg.AccumulatorWidth;
        Enable = In(); TwoBitMode = In();
        LoadEn = In(); LoadBank = In(); LoadWeight = In(MicroScopiQConfig.WeightWordWidth);
        ActIn = In(xw, signed: true); ValidIn = In(); BankIn = In();
        PsumIn = [In(aw, signed: true), In(aw, signed: true)];
        ActOut = Out(xw, signed: true); ValidOut = Out(); BankOut = Out();
        PsumOut = [Out(aw, signed: true), Out(aw, signed: true)];
        Weights = [Out(4), Out(4)];

        var w0 = Reg(4); var w1 = Reg(4);
        var act = Reg(xw, signed: true); var valid = Reg(); var bank = Reg();
        Signal[] psum = [Reg(aw, signed: true), Reg(aw, signed: true)];

        var w = Logic.Mux(BankIn, w1, w0);
        When(LoadEn, () =>
        {
            When(LoadBank, () => w1.Assign(LoadWeight)).Otherwise(() => w0.Assign(LoadWeight));
        });
        When(Enable, () =>
        {
            act.Assign(ActIn); valid.Assign(ValidIn); bank.Assign(BankIn);
            for (var j = 0; j < 2; j++)
            {
                var (s, mag) = LaneCode(w, TwoBitMode, j);
                psum[j].Assign(PsumIn[j].AddWrap(SignedProduct(s, mag, ActIn, pw).Extend(aw)));
            }
        });
        ActOut.Assign(act); ValidOut.Assign(valid); BankOut.Assign(bank);
        Weights[0].Assign(w0); Weights[1].Assign(w1);
        for (var j = 0; j < 2; j++) PsumOut[j].Assign(psum[j]);
    }
}
