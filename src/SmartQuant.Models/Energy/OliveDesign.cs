using SmartQuant.Hdl;
using SmartQuant.Hw.OliveArray;
using SmartQuant.Models.ArrayBaseline;

namespace SmartQuant.Models.Energy;

/// <summary>
/// The olive-array (docs/baseline-arrays.md): OliVe-style 4-bit outlier–victim pairs (docs/quant-formats.md §6) with an
/// FP16 scale per 128 inputs; one pair decoder per column on the load path turns a row pair of codes into 7-bit
/// operands {int, shift}. Its action counts are its golden model's counters (<see cref="StreamArrayDesign"/>): a MAC is
/// priced as an 8×8 one (the PE multiplies a 4-bit integer by the activation and shifts the product by up to 5, the
/// span of an 8-bit weight — an upper bound), a decode per counted decoder use, and each register word at its width:
/// a 7-bit operand, an 8-bit activation, a partial sum, a 10-bit skew stage, a one-lane deskew stage and a Cols-lane
/// output buffer entry. Tiles start at every 128-input scale group (a column sums in one group's units), so rows are
/// even (a pair spans two) and at most a group.
/// </summary>
public sealed class OliveDesign(int rows, int cols, IArrayCounterSource? counters = null) : StreamArrayDesign(rows, cols, counters)
{
    /// <summary>Inputs per FP16 scale (OliveQuantizer's group, as `smartquant eval --method olive` uses it).</summary>
    public const int Group = 128;
    public OliveArrayConfig Config { get; } = new(rows: rows, cols: cols);
    public override string Name => "olive";
    public override string Format => "OliVe-style 4-bit outlier–victim pairs, FP16 scale per 128";
    public override int MacWeightBits => 8;
    public override string HardwareDesign => "olive-array";
    public override DesignConfig HardwareConfig => Config;
    public override AcceleratorDesign Resize(int rows, int cols) => new OliveDesign(rows, cols, CounterSource);
    public override bool Supports(int rows, int cols) => rows is >= 2 and <= Group && rows % 2 == 0 && cols is >= 2 and <= 256;
    public override double StoredBitsPerWeight(int inputs) => 4 + 16.0 / Group;
    public override long RowBits => (long)Cols * OliveArrayConfig.CodeWidth;
    /// <summary>A load beat writes two operands (a row pair) per column.</summary>
    protected override long RowLoads(ArrayActionCounts c) => c.WeightRegWrites / Cols;

    public const int SkewBits = OliveArrayConfig.ActivationWidth + 2;

    protected override ActionCounts ArrayActions(ArrayActionCounts c)
    {
        long acc = Config.AccumulatorWidth;
        long regBits = checked(c.WeightRegWrites * OliveArrayConfig.OperandWidth + c.ActRegWrites * OliveArrayConfig.ActivationWidth
            + c.PsumRegWrites * acc + c.SkewRegWrites * SkewBits + c.DeskewRegWrites * acc + c.OutBufferWrites * Cols * acc);
        return new ActionCounts().Add(EnergyActions.Mac8x8, c.Macs4).Add(EnergyActions.OlivePairDecode, c.DecoderUses).Add(EnergyActions.RegisterBit, regBits);
    }
}
