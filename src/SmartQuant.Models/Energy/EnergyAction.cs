namespace SmartQuant.Models.Energy;

/// <summary>Where an action's energy is booked in a breakdown (docs/energy-model.md, "Categories").</summary>
public enum EnergyCategory { PeArray, Buffers, ReconDecoders, Dram }

/// <summary>
/// One kind of hardware action that costs energy each time it happens (Accelergy's "action"): a multiply-accumulate of a
/// given operand width, one bit written into a pipeline register, one bit read from an on-chip SRAM buffer, …
/// A design reports how many times each action happened; <see cref="EnergyTable"/> prices one occurrence.
/// </summary>
public sealed record EnergyAction(string Name, EnergyCategory Category, string Unit)
{
    public override string ToString() => Name;
}

/// <summary>The actions the accelerator designs are counted in; one list so tables, counts and docs agree.</summary>
public static class EnergyActions
{
    /// <summary>Multiply-accumulate, 8-bit weight × 8-bit activation into a 32-bit accumulator (INT8 PE, OliVe-style PE).</summary>
    public static readonly EnergyAction Mac8x8 = new("mac.8x8", EnergyCategory.PeArray, "MAC");
    /// <summary>Multiply-accumulate, 4-bit weight × 8-bit activation (MicroScopiQ / MX-INT PE at bb = 4).</summary>
    public static readonly EnergyAction Mac4x8 = new("mac.4x8", EnergyCategory.PeArray, "MAC");
    /// <summary>Multiply-accumulate, 2-bit weight × 8-bit activation (one of the two lanes of a PE at bb = 2).</summary>
    public static readonly EnergyAction Mac2x8 = new("mac.2x8", EnergyCategory.PeArray, "MAC");
    /// <summary>One bit written into a pipeline or weight register inside the array (activation forwarding, partial sums, stationary weights).</summary>
    public static readonly EnergyAction RegisterBit = new("reg.bit", EnergyCategory.PeArray, "bit");
    /// <summary>One bit read from an on-chip SRAM buffer (weights, activations, partial sums).</summary>
    public static readonly EnergyAction SramReadBit = new("sram.read.bit", EnergyCategory.Buffers, "bit");
    /// <summary>One bit written into an on-chip SRAM buffer (partial sums, outputs).</summary>
    public static readonly EnergyAction SramWriteBit = new("sram.write.bit", EnergyCategory.Buffers, "bit");
    /// <summary>One item passing one 2×2 ReCoN switch (route, and add when two halves meet).</summary>
    public static readonly EnergyAction ReconSwitch = new("recon.switch", EnergyCategory.ReconDecoders, "switch pass");
    /// <summary>One lane of the exact outlier merge/correction (shift and add of one lane's correction term).</summary>
    public static readonly EnergyAction MergeLane = new("merge.lane", EnergyCategory.ReconDecoders, "lane");
    /// <summary>One OliVe outlier–victim pair decoded into two integer weights (identifier compare, abfloat to integer).</summary>
    public static readonly EnergyAction OlivePairDecode = new("olive.decode", EnergyCategory.ReconDecoders, "pair");
    /// <summary>One bit of weights read from DRAM (the DDR5 model's energy of a sequential read stream, per bit delivered).</summary>
    public static readonly EnergyAction DramReadBit = new("dram.read.bit", EnergyCategory.Dram, "bit");

    public static IReadOnlyList<EnergyAction> All { get; } =
        [Mac8x8, Mac4x8, Mac2x8, RegisterBit, SramReadBit, SramWriteBit, ReconSwitch, MergeLane, OlivePairDecode, DramReadBit];

    /// <summary>The MAC action of a weight width (8, 4 or 2 bits) against 8-bit activations.</summary>
    public static EnergyAction MacFor(int weightBits) => weightBits switch
    {
        8 => Mac8x8,
        4 => Mac4x8,
        2 => Mac2x8,
        _ => throw new ArgumentException($"no MAC action for {weightBits}-bit weights (8, 4 or 2)"),
    };
}
