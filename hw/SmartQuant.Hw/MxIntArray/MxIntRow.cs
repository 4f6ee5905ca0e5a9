using SmartQuant.Hdl;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Hw.MxIntArray;

/// <summary>
/// One PE row of the MX-INT array: two pre-shift banks (sh_r = X_r − X_acc, the row's MX block exponent relative to the
/// tile's accumulator exponent), the entry register x' = x &lt;&lt; sh_r of the token's bank, and Cols
/// <see cref="MultiPrecisionPe"/>s on the psum chain. This is MicroScopiQ's <see cref="PeRow"/> without the outlier
/// path: no µB records, no ReCoN, no correction units, so every lane's sum is the plain Σ ±mag·x'.
/// </summary>
public sealed class MxIntRow : Module
{
    public readonly Signal Enable, TwoBitMode, ActIn, ValidIn, BankIn;
    public readonly Signal[] PsumIn;
    public readonly Signal LoadEn, LoadBank, LoadWeights, LoadShift;
    public readonly Signal[] PsumOut;
    public readonly Signal ValidOut, BankOut;
    public readonly MultiPrecisionPe[] Pes;
    private readonly MxIntArrayConfig _cfg;

    public override string? Variant => $"c{_cfg.Cols}_x{_cfg.ShiftedActWidth}_a{_cfg.AccumulatorWidth}";

    public override string BaseName => "mxint_row";

    public MxIntRow(MxIntArrayConfig cfg)
    {
        _cfg = cfg;
        int n = cfg.Lanes, aw = cfg.AccumulatorWidth, c = cfg.Cols;
        Enable = In(); TwoBitMode = In();
        ActIn = In(MxIntArrayConfig.ActivationWidth, signed: true); ValidIn = In(); BankIn = In();
        PsumIn = [.. Enumerable.Range(0, n).Select(_ => In(aw, signed: true))];
        LoadEn = In(); LoadBank = In(); LoadWeights = In(MxIntArrayConfig.WeightWordWidth * c); LoadShift = In(cfg.ShiftWidth);
        PsumOut = [.. Enumerable.Range(0, n).Select(_ => Out(aw, signed: true))];
        ValidOut = Out(); BankOut = Out();

        // Pre-shift banks: written with the row's weights, selected by the bank bit each token carries.
        var shift = new[] { Reg(cfg.ShiftWidth), Reg(cfg.ShiftWidth) };
        When(LoadEn & ~LoadBank, () => shift[0].Assign(LoadShift));
        When(LoadEn & LoadBank, () => shift[1].Assign(LoadShift));

        // Entry: x' = x << sh_r (the MX block scale as a shift, so all rows of a tile sum in units of 2^X_acc).
        var x = Reg(cfg.ShiftedActWidth, signed: true).Named("x_shifted"); var v = Reg().Named("valid"); var bk = Reg().Named("bank");
        When(Enable, () =>
        {
            x.Assign(ActIn.ShiftLeft(Logic.Mux(BankIn, shift[1], shift[0])));
            v.Assign(ValidIn); bk.Assign(BankIn);
        });

        var peCfg = cfg.PeConfig;
        Pes = new MultiPrecisionPe[c];
        for (var i = 0; i < c; i++)
        {
            var pe = Pes[i] = Reuse(static k => new MultiPrecisionPe(k), peCfg, $"pe_{i}");
            pe.Enable.Assign(Enable); pe.TwoBitMode.Assign(TwoBitMode);
            pe.LoadEn.Assign(LoadEn); pe.LoadBank.Assign(LoadBank); pe.LoadWeight.Assign(LoadWeights[4 * i + 3, 4 * i]);
            pe.ActIn.Assign(i == 0 ? x : Pes[i - 1].ActOut);
            pe.ValidIn.Assign(i == 0 ? v : Pes[i - 1].ValidOut);
            pe.BankIn.Assign(i == 0 ? bk : Pes[i - 1].BankOut);
            for (var j = 0; j < 2; j++) { pe.PsumIn[j].Assign(PsumIn[2 * i + j]); PsumOut[2 * i + j].Assign(pe.PsumOut[j]); }
        }
        // The last PE's valid/bank registers hold the token when its psums do, PeLatency − 1 more stages behind a deeper PE.
        var tail = DelayLine.Delay(this, Enable, Logic.Cat(Pes[^1].BankOut, Pes[^1].ValidOut), MxIntArrayConfig.PeLatency - 1, "pe_align");
        ValidOut.Assign(tail[0]); BankOut.Assign(tail[1]);
    }
}
