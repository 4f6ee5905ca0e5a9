namespace SmartQuant.Models.Energy;

/// <summary>
/// A block's area from yosys generic cells. Rule (docs/energy-model.md, "Area"): a generic logic cell counts as one
/// NAND2-equivalent (0.798 µm², NAND2_X1 of the Nangate 45 nm open cell library) and a flip-flop as one DFF_X1
/// (4.522 µm²). A yosys generic cell ($_AND_, $_XOR_, $_MUX_ …) is between NAND2 and a full adder bit in a real
/// library, so this is an estimate; it is applied the same way to every design.
/// </summary>
public readonly record struct BlockArea(long Cells, long FlipFlops)
{
    public const double LogicCellUm2 = 0.798, FlipFlopUm2 = 4.522;

    /// <summary>Cells include the flip-flops (yosys' `stat`), so logic cells are the difference.</summary>
    public double SquareMicrons => (Cells - FlipFlops) * LogicCellUm2 + FlipFlops * FlipFlopUm2;

    public static BlockArea operator +(BlockArea a, BlockArea b) => new(a.Cells + b.Cells, a.FlipFlops + b.FlipFlops);
    public static BlockArea operator -(BlockArea a, BlockArea b) => new(a.Cells - b.Cells, a.FlipFlops - b.FlipFlops);
    public static BlockArea operator *(long n, BlockArea a) => new(n * a.Cells, n * a.FlipFlops);
}

/// <summary>
/// The area of one design as a function of its array size: PEs × the PE's area, plus per-column blocks (OliVe-style
/// pair decoders), plus a fixed part (control, deskew, output buffer, ReCoN and merge units) measured at the budget
/// configuration and taken as independent of the array size (an approximation: deskew grows with Cols).
/// </summary>
public sealed record DesignArea(string Design, BlockArea Pe, BlockArea PerColumn, BlockArea Fixed)
{
    public BlockArea At(int rows, int cols) => (long)rows * cols * Pe + (long)cols * PerColumn + Fixed;
    public double SquareMicrons(int rows, int cols) => At(rows, cols).SquareMicrons;
}
