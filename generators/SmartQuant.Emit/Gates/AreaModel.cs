using SmartQuant.Hdl.Ir;

namespace SmartQuant.Emit.Gates;

/// <summary>Area of one C# class of a design under <see cref="AreaModel"/>: logic cells, flip-flops and memory bits,
/// each already multiplied by the class's instance count.</summary>
public sealed record ClassCost(string Class, long Instances, long LogicCells, long FlipFlops, long MemoryBits)
{
    /// <summary>Area in generic-cell equivalents under <paramref name="model"/>.</summary>
    public double Cells(AreaModel model) => model.Cells(LogicCells, FlipFlops, MemoryBits);
}

/// <summary>
/// The area accounting of the reports, in one place so every comparison uses the same units. The unit is one yosys
/// generic cell (`synth`: $_AND_, $_MUX_, $_XOR_ … each count 1), the count `smartquant synth` prints.
/// <list type="bullet">
/// <item>Logic cells: yosys cells that are not flip-flops, 1 each.</item>
/// <item>Flip-flops: <see cref="FlipFlopCells"/> each (default 1, yosys' own count, so totals match `smartquant synth`;
/// a standard-cell D flip-flop is really 4–6 two-input-gate equivalents, so raise it to weigh registers more).</item>
/// <item>Memory bits (the kit's <c>Memory</c>, Depth × Width per instance): <see cref="MemoryBitFlipFlops"/> of a
/// flip-flop each (default 0.25: a 6-transistor SRAM bit cell against a ~24-transistor master-slave D flip-flop with
/// enable). yosys' generic `synth` turns a memory into a flip-flop array plus its write decode and read mux; here the
/// Depth × Width storage flip-flops are taken out of the flip-flop count and counted as memory bits instead, while the
/// decode and read mux stay logic cells, standing in for the RAM's own periphery. So RAM is neither free nor a flop.</item>
/// </list>
/// </summary>
public sealed record AreaModel(double FlipFlopCells = 1.0, double MemoryBitFlipFlops = 0.25)
{
    public static AreaModel Default { get; } = new();

    /// <summary>One line naming the model, for report headers.</summary>
    public string Describe() =>
        $"area unit = one yosys generic cell; flip-flop = {FlipFlopCells:0.##} cell; memory bit = {MemoryBitFlipFlops:0.##} flip-flop " +
        "(6T SRAM bit cell vs a ~24T D flip-flop); memory decode and read muxes count as logic";

    public double Cells(long logicCells, long flipFlops, long memoryBits) =>
        logicCells + FlipFlopCells * flipFlops + FlipFlopCells * MemoryBitFlipFlops * memoryBits;

    /// <summary>
    /// Per C# class of <paramref name="design"/> from one hierarchical `yosys synth` of it (<see cref="AreaBreakdown"/>:
    /// each distinct module synthesized once, multiplied by its instance count), with each module's memories moved
    /// from flip-flops to memory bits.
    /// </summary>
    public static IReadOnlyList<ClassCost> ByClass(IrDesign design, SynthGate.Report synth)
    {
        var memoryBits = AreaBreakdown.InstanceCounts(design)
            .GroupBy(kv => design.Module(kv.Key).ClassName)
            .ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value * OwnMemoryBits(design.Module(kv.Key))));
        return [.. AreaBreakdown.ByClass(design, synth).Select(c =>
        {
            var bits = memoryBits.GetValueOrDefault(c.Class);
            if (bits > c.FlipFlops)
                throw new InvalidOperationException($"{c.Class}: {bits} memory bits but only {c.FlipFlops} flip-flops in yosys' count; " +
                    "the memory was not synthesized as a flip-flop array");
            return new ClassCost(c.Class, c.Instances, c.Cells - c.FlipFlops, c.FlipFlops - bits, bits);
        })];
    }

    private static long OwnMemoryBits(IrModule m) => m.Memories.Sum(x => (long)x.Depth * x.Width);
}
