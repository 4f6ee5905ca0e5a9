using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using SmartQuant.Hdl;

namespace SmartQuant.Hw.MacArray;

/// <summary>Parameters of the weight-stationary INT MAC array (design "mac-array").</summary>
public sealed record MacArrayConfig : DesignConfig
{
    /// <summary>The one way to make a MacArrayConfig: every parameter named, each with its default; the rules of
    /// <see cref="Check"/> run here, so an invalid config never exists (<see cref="DesignConfig"/>).</summary>
    public MacArrayConfig(int rows = 4, int cols = 4, int operandWidth = 8, int accumulatorWidth = 32, bool counters = false,
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        Rows = rows;
        Cols = cols;
        OperandWidth = operandWidth;
        AccumulatorWidth = accumulatorWidth;
        Counters = counters;
        CheckAt(file, line);
    }

    /// <summary>PE rows: the reduction (input-feature) dimension.</summary>
    public int Rows { get; }
    /// <summary>PE columns: output channels.</summary>
    public int Cols { get; }
    /// <summary>Signed activation and weight width in bits.</summary>
    public int OperandWidth { get; }
    /// <summary>Signed accumulator (partial sum) width in bits; sums wrap at this width.</summary>
    public int AccumulatorWidth { get; }

    /// <summary>
    /// Adds the action counter file (<c>ArrayCounters.MacArray</c>: cycles, load cycles, stream steps, 8-bit MACs) the
    /// energy model reads (docs/energy-model.md §3). Off by default, so the default mac-array keeps its ports, its
    /// Verilog and its co-simulation speed; left out of the JSON (and the config hash) while off.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Counters { get; }

    public int ProductWidth => 2 * OperandWidth;

    protected override void Check()
    {
        RequireRange(Rows, 1, 256);
        RequireRange(Cols, 1, 256);
        RequireRange(OperandWidth, 2, 32);
        RequireRange(AccumulatorWidth, ProductWidth, 64, " so a product fits");
    }
}
