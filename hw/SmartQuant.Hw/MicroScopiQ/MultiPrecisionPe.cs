using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>
/// Multi-precision weight-stationary PE. The 4-bit weight word holds one sign-magnitude 4-bit weight (MODE bb = 4,
/// lane 0) or two 2-bit weights (bb = 2: lane 0 in bits [1:0], lane 1 in [3:2]). Two ping-pong weight registers:
/// loads write bank LoadBank, and each token uses the bank it carries (so a new tile can stream in while the last
/// tokens of the previous one are still in flight). Lane product p = (s ? −1 : 1)·mag·x' with the pre-shifted INT8
/// activation x'. Registered outputs: psum_out = psum_in + p, or, when the token's row holds outlier halves (Raw),
/// psum_out = psum_in with the raw product p and the weight sign forwarded for ReCoN. Activation, valid and bank move
/// one PE east per cycle; everything holds while Enable is low.
/// </summary>
public sealed class MultiPrecisionPe : Module
{
    public readonly Signal Enable, Mode2, Raw0, Raw1;
    public readonly Signal LoadEn, LoadBank, LoadWeight;
    public readonly Signal ActIn, ValidIn, BankIn;
    public readonly Signal[] PsumIn;
    public readonly Signal ActOut, ValidOut, BankOut;
    public readonly Signal[] PsumOut, ProdOut, SignOut;
    private readonly Signal _w0, _w1, _act, _valid, _bank;
    private readonly Signal[] _psum, _prod, _sign;
    private readonly MicroScopiQConfig _cfg;

    public override string? Variant => $"x{_cfg.ShiftedActWidth}_a{_cfg.AccumulatorWidth}";

    public MultiPrecisionPe(MicroScopiQConfig cfg)
    {
        _cfg = cfg;
        int xw = cfg.ShiftedActWidth, pw = cfg.ProductWidth, aw = cfg.AccumulatorWidth;
        Enable = In(); Mode2 = In(); Raw0 = In(); Raw1 = In();
        LoadEn = In(); LoadBank = In(); LoadWeight = In(MicroScopiQConfig.WeightWordWidth);
        ActIn = In(xw, signed: true); ValidIn = In(); BankIn = In();
        PsumIn = [In(aw, signed: true), In(aw, signed: true)];
        ActOut = Out(xw, signed: true); ValidOut = Out(); BankOut = Out();
        PsumOut = [Out(aw, signed: true), Out(aw, signed: true)];
        ProdOut = [Out(pw, signed: true), Out(pw, signed: true)];
        SignOut = [Out(), Out()];

        _w0 = Reg(4); _w1 = Reg(4);
        _act = Reg(xw, signed: true); _valid = Reg(); _bank = Reg();
        _psum = [Reg(aw, signed: true), Reg(aw, signed: true)];
        _prod = [Reg(pw, signed: true), Reg(pw, signed: true)];
        _sign = [Reg(), Reg()];

        var w = Logic.Mux(BankIn, _w1, _w0);
        var raw = Logic.Mux(BankIn, Raw1, Raw0);
        // Lane codes: bb = 2 → {w[1], w[0]} and {w[3], w[2]}; bb = 4 → {w[3], w[2:0]} on lane 0, lane 1 idle.
        var mag0 = Logic.Mux(Mode2, w[0].Extend(3), w[2, 0]);
        var s0 = Logic.Mux(Mode2, w[1], w[3]);
        var mag1 = Logic.Mux(Mode2, w[2].Extend(3), Logic.Lit(0, 3));
        var s1 = Mode2 & w[3];
        Expr[] mags = [mag0, mag1], signs = [s0, s1];
        var prods = new Expr[2];
        for (var j = 0; j < 2; j++)
        {
            var m = (mags[j].ToSigned() * ActIn).Resize(pw);   // |mag·x'| ≤ 7·2^(xw−1) fits pw − 1 bits
            prods[j] = Logic.Mux(signs[j], (-m).Resize(pw), m);
        }

        When(LoadEn, () =>
        {
            When(LoadBank, () => _w1.Assign(LoadWeight)).Otherwise(() => _w0.Assign(LoadWeight));
        });
        When(Enable, () =>
        {
            _act.Assign(ActIn);
            _valid.Assign(ValidIn);
            _bank.Assign(BankIn);
            for (var j = 0; j < 2; j++)
            {
                _psum[j].Assign(Logic.Mux(raw, PsumIn[j], PsumIn[j].AddWrap(prods[j].Extend(aw))));
                _prod[j].Assign(prods[j]);
                _sign[j].Assign(signs[j]);
            }
        });
        ActOut.Assign(_act); ValidOut.Assign(_valid); BankOut.Assign(_bank);
        for (var j = 0; j < 2; j++)
        {
            PsumOut[j].Assign(_psum[j]);
            ProdOut[j].Assign(_prod[j]);
            SignOut[j].Assign(_sign[j]);
        }
    }
}
