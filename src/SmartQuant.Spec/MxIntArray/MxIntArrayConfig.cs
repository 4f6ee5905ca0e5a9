using System.Runtime.CompilerServices;
using SmartQuant.Hdl;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Hw.MxIntArray;

/// <summary>
/// Parameters of design "mxint-array": a weight-stationary Rows×Cols array of MicroScopiQ's multi-precision INT PEs
/// (<see cref="MultiPrecisionPe"/>) with the outlier support removed (no ReCoN, no merge, no correction chain). Weights
/// are MX-INT-4 (or MX-INT-2) sign-magnitude codes with one power-of-two scale per 128 output channels of an input
/// feature; the scale enters as the per-row activation pre-shift, as in the MicroScopiQ array. Timing and counters:
/// docs/baseline-arrays.md.
/// </summary>
public sealed record MxIntArrayConfig : DesignConfig
{
    /// <summary>The one way to make a MxIntArrayConfig: every parameter named, each with its default; the rules of
    /// <see cref="Check"/> run here, so an invalid config never exists (<see cref="DesignConfig"/>).</summary>
    public MxIntArrayConfig(int rows = 4, int cols = 4, int accumulatorWidth = 32, int shiftWidth = 3,
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        Rows = rows;
        Cols = cols;
        AccumulatorWidth = accumulatorWidth;
        ShiftWidth = shiftWidth;
        CheckAt(file, line);
    }

    /// <summary>PE rows (input features of one weight tile).</summary>
    public int Rows { get; }
    /// <summary>PE columns (power of two, ≥ 4, like the MicroScopiQ PE's). Lanes = 2·Cols (bb = 2) or the Cols even lanes (bb = 4).</summary>
    public int Cols { get; }
    /// <summary>Signed accumulator width; sums wrap at this width.</summary>
    public int AccumulatorWidth { get; }
    /// <summary>Bits of the per-row activation pre-shift sh_r (0 … 2^ShiftWidth − 1).</summary>
    public int ShiftWidth { get; }

    public const int ActivationWidth = 8;
    public const int WeightWordWidth = 4;

    /// <summary>
    /// Enabled cycles from a PE's activation input to its partial-sum output register: 1 for today's
    /// <see cref="MultiPrecisionPe"/> (activation and psum registered once). The only place the array's timing depends
    /// on the PE's pipeline: a PE with a product register makes this 2, and the RTL (valid/bank alignment), the golden
    /// model and the analytical latency all follow from it.
    /// </summary>
    public const int PeLatency = 1;

    public int Lanes => 2 * Cols;
    public int MaxShift => (1 << ShiftWidth) - 1;
    /// <summary>Width of the pre-shifted activation x' = x &lt;&lt; sh_r.</summary>
    public int ShiftedActWidth => ActivationWidth + MaxShift;
    public int RowBits => Logic.Log2Ceil(Rows);
    /// <summary>Cycles from the cycle after acceptance to the array bottom (the cycle the result enters the output
    /// buffer): the row's entry register, Rows − 1 skew stages, Cols − 1 PE hops, the PE itself, and the deskew.</summary>
    public int ArrayLatency => Rows + Cols - 2 + PeLatency;
    /// <summary>Cycles from the cycle after acceptance to out_valid: the array plus the registered output buffer.</summary>
    public int PipelineLatency => ArrayLatency + 1;

    /// <summary>The MicroScopiQ configuration whose <see cref="MultiPrecisionPe"/> this array instantiates (same widths).</summary>
    public MicroScopiQConfig PeConfig => new(rows: Rows, cols: Cols, accumulatorWidth: AccumulatorWidth, shiftWidth: ShiftWidth);

    protected override void Check()
    {
        RequireRange(Rows, 1, 256);
        RequirePowerOfTwo(Cols, 4, 256);
        RequireRange(ShiftWidth, 1, 4);
        RequireRange(AccumulatorWidth, ShiftedActWidth + 6, 62, " so a product fits");
    }
}
