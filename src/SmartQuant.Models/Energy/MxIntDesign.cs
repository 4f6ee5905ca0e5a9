using SmartQuant.Hdl;
using SmartQuant.Hw.MxIntArray;
using SmartQuant.Models.ArrayBaseline;

namespace SmartQuant.Models.Energy;

/// <summary>
/// The mxint-array (docs/baseline-arrays.md) at bb = 4: MicroScopiQ's multi-precision PEs without outlier support,
/// MX-INT-4 weights with one E8M0 exponent per 128-weight block, applied as the per-row activation pre-shift. Its
/// action counts are its golden model's counters (<see cref="StreamArrayDesign"/>); each counted register word is
/// priced at its width: a 4-bit weight word (plus the row's pre-shift per load beat), a pre-shifted activation
/// (8 + MaxShift bits), a partial sum, a 10-bit skew stage, a two-lane deskew stage and a 2·Cols-lane output buffer entry.
/// </summary>
public sealed class MxIntDesign(int rows, int cols, IArrayCounterSource? counters = null) : StreamArrayDesign(rows, cols, counters)
{
    public MxIntArrayConfig Config { get; } = new(rows: rows, cols: cols);
    public override string Name => "mxint4";
    public override string Format => "MX-INT-4, 128-blocks (MicroScopiQ PE, no outlier support)";
    public override int MacWeightBits => 4;
    public override string HardwareDesign => "mxint-array";
    public override DesignConfig HardwareConfig => Config;
    public override AcceleratorDesign Resize(int rows, int cols) => new MxIntDesign(rows, cols, CounterSource);
    /// <summary>Columns a power of two (the PE's lane pairs) and at most one 128-channel block, so a tile has one exponent per row.</summary>
    public override bool Supports(int rows, int cols) => rows is >= 1 and <= 256 && cols is >= 4 and <= 128 && (cols & (cols - 1)) == 0;
    public override double StoredBitsPerWeight(int inputs) => 4 + 8.0 / 128;
    public override long RowBits => (long)Cols * MxIntArrayConfig.WeightWordWidth + Config.ShiftWidth;
    protected override long RowLoads(ArrayActionCounts c) => c.WeightRegWrites / Cols;

    /// <summary>Skew stages carry the activation, its valid bit and its bank.</summary>
    public const int SkewBits = MxIntArrayConfig.ActivationWidth + 2;

    protected override ActionCounts ArrayActions(ArrayActionCounts c)
    {
        long acc = Config.AccumulatorWidth;
        long regBits = checked(c.WeightRegWrites * MxIntArrayConfig.WeightWordWidth + RowLoads(c) * Config.ShiftWidth
            + c.ActRegWrites * Config.ShiftedActWidth + c.PsumRegWrites * acc + c.SkewRegWrites * SkewBits
            + c.DeskewRegWrites * 2 * acc + c.OutBufferWrites * Config.Lanes * acc);
        return new ActionCounts().Add(EnergyActions.Mac4x8, c.Macs4).Add(EnergyActions.Mac2x8, c.Macs2).Add(EnergyActions.RegisterBit, regBits);
    }
}
