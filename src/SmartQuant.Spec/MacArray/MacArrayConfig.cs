using System.Text.Json.Serialization;
using SmartQuant.Hdl;

namespace SmartQuant.Hw.MacArray;

/// <summary>Parameters of the weight-stationary INT MAC array (design "mac-array").</summary>
public sealed record MacArrayConfig : DesignConfig
{
    /// <summary>PE rows: the reduction (input-feature) dimension.</summary>
    public int Rows { get; init; } = 4;
    /// <summary>PE columns: output channels.</summary>
    public int Cols { get; init; } = 4;
    /// <summary>Signed activation and weight width in bits.</summary>
    public int OperandWidth { get; init; } = 8;
    /// <summary>Signed accumulator (partial sum) width in bits; sums wrap at this width.</summary>
    public int AccumulatorWidth { get; init; } = 32;

    /// <summary>
    /// Adds the action counter file (<c>ArrayCounters.MacArray</c>: cycles, load cycles, stream steps, 8-bit MACs) the
    /// energy model reads (docs/energy-model.md §3). Off by default, so the default mac-array keeps its ports, its
    /// Verilog and its co-simulation speed; left out of the JSON (and the config hash) while off.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Counters { get; init; }

    public int ProductWidth => 2 * OperandWidth;

    protected override void Check()
    {
        RequireRange(Rows, 1, 256);
        RequireRange(Cols, 1, 256);
        RequireRange(OperandWidth, 2, 32);
        RequireRange(AccumulatorWidth, ProductWidth, 64, " so a product fits");
    }
}
