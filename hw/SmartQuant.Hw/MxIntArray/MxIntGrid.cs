using SmartQuant.Hdl;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Hw.MxIntArray;

/// <summary>
/// The R×C grid of <see cref="MxIntRow"/>s: row r's token (activation, valid, bank) is delayed r cycles (skew), the rows
/// are chained through the psum chain (one cycle per row), and at the bottom lane pair c is delayed Cols − 1 − c cycles
/// (deskew) so all lanes of a token leave together with its valid and bank. Row-addressed load port.
/// </summary>
public sealed class MxIntGrid : Module
{
    public readonly Signal Enable, TwoBitMode, ValidIn, BankIn;
    public readonly Signal[] ActIn;
    public readonly Signal LoadValid, LoadRow, LoadBank, LoadWeights, LoadShift;
    public readonly Signal[] AccOut;
    public readonly Signal ValidOut, BankOut;
    public readonly MxIntRow[] Rows;

    public override string BaseName => "mxint_grid";

    public MxIntGrid(MxIntArrayConfig cfg)
    {
        int n = cfg.Lanes, aw = cfg.AccumulatorWidth;
        Enable = In(); TwoBitMode = In(); ValidIn = In(); BankIn = In();
        ActIn = [.. Enumerable.Range(0, cfg.Rows).Select(_ => In(MxIntArrayConfig.ActivationWidth, signed: true))];
        LoadValid = In(); LoadRow = In(cfg.RowBits); LoadBank = In();
        LoadWeights = In(MxIntArrayConfig.WeightWordWidth * cfg.Cols); LoadShift = In(cfg.ShiftWidth);
        AccOut = [.. Enumerable.Range(0, n).Select(_ => Out(aw, signed: true))];
        ValidOut = Out(); BankOut = Out();

        Rows = new MxIntRow[cfg.Rows];
        for (var r = 0; r < cfg.Rows; r++)
        {
            var row = Rows[r] = Reuse(static c => new MxIntRow(c), cfg, $"row_{r}");
            row.Enable.Assign(Enable); row.TwoBitMode.Assign(TwoBitMode);
            var skewed = DelayLine.Delay(this, Enable, Logic.Cat(BankIn, ValidIn, ActIn[r]), r, $"skew_{r}");
            row.ActIn.Assign(skewed[7, 0].AsSigned()); row.ValidIn.Assign(skewed[8]); row.BankIn.Assign(skewed[9]);
            for (var j = 0; j < n; j++) row.PsumIn[j].Assign(r == 0 ? Logic.Lit(0, aw, signed: true) : Rows[r - 1].PsumOut[j]);
            row.LoadEn.Assign(LoadValid & LoadRow.Eq(r)); row.LoadBank.Assign(LoadBank);
            row.LoadWeights.Assign(LoadWeights); row.LoadShift.Assign(LoadShift);
        }
        for (var c = 0; c < cfg.Cols; c++)
        {
            var pair = Logic.Cat(Rows[^1].PsumOut[2 * c + 1], Rows[^1].PsumOut[2 * c]);
            var d = DelayLine.Delay(this, Enable, pair, cfg.Cols - 1 - c, $"deskew_{c}");
            for (var k = 0; k < 2; k++) AccOut[2 * c + k].Assign(d[aw * (k + 1) - 1, aw * k].AsSigned());
        }
        ValidOut.Assign(Rows[^1].ValidOut); BankOut.Assign(Rows[^1].BankOut);
    }
}
