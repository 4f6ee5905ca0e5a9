using System.Runtime.CompilerServices;
using SmartQuant.Hdl;

namespace SmartQuant.Hw.OliveArray;

/// <summary>
/// Parameters of design "olive-array": an OliVe-style (ISCA 2023) weight-stationary Rows×Cols array of INT PEs for
/// 4-bit outlier–victim pair weights. Weights are paired along the inputs (PE rows 2p and 2p+1 of a column), loaded one
/// row pair per beat through one <see cref="OlivePairDecoder"/> per column at the array edge, which turns the pair's two
/// 4-bit codes into two operands {4-bit signed integer, shift}: a normal weight is its INT4 value with shift 0, an
/// outlier its adaptive-bias float as integer and shift, the victim 0. Results are exact integer sums in units of the
/// column's group scale (one FP16 scale per 128 inputs, applied outside the array). docs/baseline-arrays.md.
/// </summary>
public sealed record OliveArrayConfig : DesignConfig
{
    /// <summary>The one way to make a OliveArrayConfig: every parameter named, each with its default; the rules of
    /// <see cref="Check"/> run here, so an invalid config never exists (<see cref="DesignConfig"/>).</summary>
    public OliveArrayConfig(int rows = 4, int cols = 4, int accumulatorWidth = 32,
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        Rows = rows;
        Cols = cols;
        AccumulatorWidth = accumulatorWidth;
        CheckAt(file, line);
    }

    /// <summary>PE rows (input features of one tile); even, since a pair spans two rows.</summary>
    public int Rows { get; }
    /// <summary>PE columns (output channels), one lane each.</summary>
    public int Cols { get; }
    /// <summary>Signed accumulator width; sums wrap at this width.</summary>
    public int AccumulatorWidth { get; }

    public const int ActivationWidth = 8;
    /// <summary>Bits of one weight code; a pair is two codes.</summary>
    public const int CodeWidth = 4;
    /// <summary>Decoded operand: a signed 4-bit integer (normal INT4 −7…7, outlier mantissa ±{1, 2, 3}).</summary>
    public const int IntWidth = 4;
    /// <summary>Decoded operand: left shift of the product (0 for normal weights, 3…5 for outliers).</summary>
    public const int ShiftWidth = 3;
    public const int OperandWidth = IntWidth + ShiftWidth;
    /// <summary>Product (int · x) &lt;&lt; shift: 12 bits shifted by at most 7.</summary>
    public const int ProductWidth = IntWidth + ActivationWidth + (1 << ShiftWidth) - 1;

    public int Pairs => Rows / 2;
    public int PairBits => Logic.Log2Ceil(Pairs);
    /// <summary>Cycles from the cycle after acceptance to the array bottom (the cycle the result enters the output
    /// buffer): Rows − 1 skew stages, Cols − 1 PE hops, the PE register, the deskew.</summary>
    public int ArrayLatency => Rows + Cols - 2;
    /// <summary>Cycles from the cycle after acceptance to out_valid: the array plus the registered output buffer.</summary>
    public int PipelineLatency => ArrayLatency + 1;

    protected override void Check()
    {
        RequireRange(Rows, 2, 256);
        Require(Rows % 2 == 0, nameof(Rows), $"must be even: a pair spans two rows (got {Rows})");
        RequireRange(Cols, 2, 256);
        RequireRange(AccumulatorWidth, ProductWidth + 1, 62, " so a product fits");
    }
}
