using SmartQuant.Hdl;

namespace SmartQuant.Hw.MacArray;

/// <summary>
/// Weight-stationary Rows×Cols array of <see cref="MacPe"/>. Activations enter at the west edge (one per row) and
/// move one PE east per cycle; partial sums start at zero at the north edge and move one PE south per cycle, leaving
/// at the south edge (one per column). Weights enter at the north edge and shift down while LoadWeight is high, so
/// after Rows load cycles row r holds the weights presented Rows−1−r cycles earlier. The caller skews the inputs.
/// </summary>
public sealed class MacArrayTop : Module
{
    public readonly Signal Enable, LoadWeight;
    public readonly Signal[] ActIn, WeightIn, PsumOut;
    public readonly MacPe[,] Pes;

    // The emitted module keeps its name: the class is MacArrayTop so that it does not repeat its namespace.
    public override string BaseName => "mac_array";

    public MacArrayTop(MacArrayConfig cfg)
    {
        cfg.Validate();
        Enable = In();
        LoadWeight = In();
        ActIn = [.. Enumerable.Range(0, cfg.Rows).Select(_ => In(cfg.OperandWidth, signed: true))];
        WeightIn = [.. Enumerable.Range(0, cfg.Cols).Select(_ => In(cfg.OperandWidth, signed: true))];
        PsumOut = [.. Enumerable.Range(0, cfg.Cols).Select(_ => Out(cfg.AccumulatorWidth, signed: true))];

        Pes = new MacPe[cfg.Rows, cfg.Cols];
        for (var r = 0; r < cfg.Rows; r++)
        for (var c = 0; c < cfg.Cols; c++)
        {
            var pe = Pes[r, c] = Reuse(static k => new MacPe(k), cfg, $"pe_{r}_{c}");
            pe.Enable.Assign(Enable);
            pe.LoadWeight.Assign(LoadWeight);
            pe.ActIn.Assign(c == 0 ? ActIn[r] : Pes[r, c - 1].ActOut);
            pe.WeightIn.Assign(r == 0 ? WeightIn[c] : Pes[r - 1, c].WeightOut);
            pe.PsumIn.Assign(r == 0 ? Logic.Lit(0, cfg.AccumulatorWidth, signed: true) : Pes[r - 1, c].PsumOut);
        }
        for (var c = 0; c < cfg.Cols; c++) PsumOut[c].Assign(Pes[cfg.Rows - 1, c].PsumOut);
    }
}
