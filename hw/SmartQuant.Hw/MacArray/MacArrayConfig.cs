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

    public int ProductWidth => 2 * OperandWidth;

    public override void Validate()
    {
        Require(Rows is >= 1 and <= 256, nameof(Rows), $"must be in 1..256 (got {Rows})");
        Require(Cols is >= 1 and <= 256, nameof(Cols), $"must be in 1..256 (got {Cols})");
        Require(OperandWidth is >= 2 and <= 32, nameof(OperandWidth), $"must be in 2..32 (got {OperandWidth})");
        Require(AccumulatorWidth >= ProductWidth && AccumulatorWidth <= 64, nameof(AccumulatorWidth),
            $"must be in {ProductWidth}..64 so a product fits (got {AccumulatorWidth})");
    }
}
