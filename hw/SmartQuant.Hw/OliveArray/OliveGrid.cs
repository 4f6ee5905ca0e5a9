using SmartQuant.Hdl;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Hw.OliveArray;

/// <summary>
/// The R×C grid of <see cref="OlivePe"/>s with one <see cref="OlivePairDecoder"/> per column at the north edge of the
/// load path: a load beat writes pair p (rows 2p, 2p+1) of every column from its two decoded operands. Row r's token is
/// delayed r cycles (skew), psums run down the columns one cycle per row, and column c's sum is delayed Cols − 1 − c
/// cycles at the bottom (deskew) so a token's lanes leave together with its valid and bank.
/// </summary>
public sealed class OliveGrid : Module
{
    public readonly Signal Enable, ValidIn, BankIn;
    public readonly Signal[] ActIn;
    public readonly Signal LoadValid, LoadPair, LoadBank, LoadCodes;
    public readonly Signal[] AccOut, OutlierPairs;
    public readonly Signal ValidOut, BankOut;
    public readonly OlivePe[,] Pes;
    public readonly OlivePairDecoder[] Decoders;

    public OliveGrid(OliveArrayConfig cfg)
    {
        int aw = cfg.AccumulatorWidth;
        Enable = In(); ValidIn = In(); BankIn = In();
        ActIn = [.. Enumerable.Range(0, cfg.Rows).Select(_ => In(OliveArrayConfig.ActivationWidth, signed: true))];
        LoadValid = In(); LoadPair = In(cfg.PairBits); LoadBank = In(); LoadCodes = In(2 * OliveArrayConfig.CodeWidth * cfg.Cols);
        AccOut = [.. Enumerable.Range(0, cfg.Cols).Select(_ => Out(aw, signed: true))];
        OutlierPairs = [.. Enumerable.Range(0, cfg.Cols).Select(_ => Out())];
        ValidOut = Out(); BankOut = Out();

        Decoders = new OlivePairDecoder[cfg.Cols];
        for (var c = 0; c < cfg.Cols; c++)
        {
            var d = Decoders[c] = Instance(new OlivePairDecoder(), $"decoder_{c}");
            d.Codes.Assign(LoadCodes[8 * c + 7, 8 * c]);
            OutlierPairs[c].Assign(d.OutlierPair);
        }

        Pes = new OlivePe[cfg.Rows, cfg.Cols];
        for (var r = 0; r < cfg.Rows; r++)
        {
            var skewed = DelayLine.Delay(this, Enable, Logic.Cat(BankIn, ValidIn, ActIn[r]), r, $"skew_{r}");
            var load = LoadValid & LoadPair.Eq(r / 2);
            for (var c = 0; c < cfg.Cols; c++)
            {
                var pe = Pes[r, c] = Reuse(static k => new OlivePe(k), cfg, $"pe_{r}_{c}");
                pe.Enable.Assign(Enable);
                pe.LoadEn.Assign(load); pe.LoadBank.Assign(LoadBank); pe.LoadOperand.Assign(Decoders[c].Operand[r % 2]);
                pe.ActIn.Assign(c == 0 ? skewed[7, 0].AsSigned() : Pes[r, c - 1].ActOut);
                pe.ValidIn.Assign(c == 0 ? skewed[8] : Pes[r, c - 1].ValidOut);
                pe.BankIn.Assign(c == 0 ? skewed[9] : Pes[r, c - 1].BankOut);
                pe.PsumIn.Assign(r == 0 ? Logic.Lit(0, aw, signed: true) : Pes[r - 1, c].PsumOut);
            }
        }
        for (var c = 0; c < cfg.Cols; c++)
            AccOut[c].Assign(DelayLine.Delay(this, Enable, Pes[cfg.Rows - 1, c].PsumOut, cfg.Cols - 1 - c, $"deskew_{c}"));
        ValidOut.Assign(Pes[cfg.Rows - 1, cfg.Cols - 1].ValidOut); BankOut.Assign(Pes[cfg.Rows - 1, cfg.Cols - 1].BankOut);
    }
}
