using SmartQuant.Hdl;
using SmartQuant.Hdl.Ir;

namespace SmartQuant.Eda;

/// <summary>Area of one C# class of a design under <see cref="AreaModel"/>: logic cells, flip-flops and memory bits,
/// each already multiplied by the class's instance count. <paramref name="ExtraPortBits"/>: Σ bits × (ports − 1) of its
/// RAM macros; <paramref name="RamPeripheryCells"/>: their decoders and sense/write drivers.</summary>
public sealed record ClassCost(string Class, long Instances, long LogicCells, long FlipFlops, long MemoryBits,
    long ExtraPortBits = 0, long RamPeripheryCells = 0)
{
    /// <summary>Area in generic-cell equivalents under <paramref name="model"/>.</summary>
    public double Cells(AreaModel model) => model.Cells(LogicCells, FlipFlops, MemoryBits, ExtraPortBits, RamPeripheryCells);
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
/// enable). A memory inside a module with other logic is synthesized by yosys into a flip-flop array plus its write
/// decode and read mux; there the Depth × Width storage flip-flops are taken out of the flip-flop count and counted as
/// memory bits, while the decode and read mux stay logic cells, standing in for the RAM's own periphery.</item>
/// <item>RAM macros: a module that holds nothing but memories (no registers, no instances; e.g. the MicroScopiQ
/// correction sums) is a RAM block and is not given to yosys (<see cref="BlockSynth"/>). Its area is the model's: each
/// bit at the density above, plus <see cref="ExtraPortBitShare"/> of that per port beyond the first (a 6T cell grows by
/// two access transistors per extra port: 8T for 1R1W, 10T for 1W2R), plus per port one cell per word (word-line
/// decode and driver) and one per bit of width (sense amplifier or write driver): periphery linear in Depth + Width,
/// not the Depth × Width multiplexer a flip-flop array needs. So RAM is neither free nor a flop.</item>
/// </list>
/// </summary>
public sealed record AreaModel(double FlipFlopCells = 1.0, double MemoryBitFlipFlops = 0.25, double ExtraPortBitShare = 1.0 / 3)
{
    public static AreaModel Default { get; } = new();

    /// <summary>One line naming the model, for report headers.</summary>
    public string Describe() =>
        $"area unit = one yosys generic cell; flip-flop = {FlipFlopCells:0.##} cell; memory bit = {MemoryBitFlipFlops:0.##} flip-flop " +
        $"(6T SRAM bit cell vs a ~24T D flip-flop), +{ExtraPortBitShare:0.##} of that per extra port of a RAM macro (2T each); " +
        "RAM macro periphery = Depth + Width cells per port; decode and read muxes of memories inside logic modules count as logic";

    public double Cells(long logicCells, long flipFlops, long memoryBits, long extraPortBits = 0, long ramPeripheryCells = 0) =>
        logicCells + FlipFlopCells * flipFlops
        + FlipFlopCells * MemoryBitFlipFlops * (memoryBits + ExtraPortBitShare * extraPortBits) + ramPeripheryCells;

    /// <summary>A module that holds only memories: counted as RAM macros, not synthesized.</summary>
    public static bool IsRamMacro(IrModule m) =>
        m.Memories.Length > 0 && m.Instances.IsEmpty && !m.Signals.Any(s => s.Kind == SignalKind.Reg);

    /// <summary>Read ports (combinational reads in the module's body) and write ports (write statements) of each memory.</summary>
    public static IReadOnlyDictionary<IrMemory, (int Reads, int Writes)> Ports(IrModule m)
    {
        var reads = new Dictionary<IrMemory, int>();
        var writes = new Dictionary<IrMemory, int>();
        void Expr(IrExpr e)
        {
            if (e is not IrOp op) return;
            if (op.Op == Op.MemRead && op.Memory is { } mem) reads[mem] = reads.GetValueOrDefault(mem) + 1;
            foreach (var a in op.Args) Expr(a);
        }
        void Stmt(IrStmt s)
        {
            switch (s)
            {
                case IrAssign a: Expr(a.Value); break;
                case IrMemWrite w: writes[w.Memory] = writes.GetValueOrDefault(w.Memory) + 1; Expr(w.Address); Expr(w.Data); break;
                case IrIf i:
                    foreach (var (c, body) in i.Branches) { Expr(c); foreach (var b in body) Stmt(b); }
                    foreach (var b in i.Else ?? []) Stmt(b);
                    break;
                case IrCase c:
                    Expr(c.Selector);
                    foreach (var (_, body) in c.Cases) foreach (var b in body) Stmt(b);
                    foreach (var b in c.Default ?? []) Stmt(b);
                    break;
            }
        }
        foreach (var s in m.Body) Stmt(s);
        return m.Memories.ToDictionary(x => x, x => (reads.GetValueOrDefault(x), writes.GetValueOrDefault(x)));
    }

    /// <summary>
    /// Per C# class of <paramref name="design"/> from one hierarchical `yosys synth` of it or the block-level flow
    /// (<see cref="AreaBreakdown"/>: each distinct module synthesized once, multiplied by its instance count), with each
    /// module's memories moved from flip-flops to memory bits, and RAM macros counted by the model.
    /// </summary>
    public static IReadOnlyList<ClassCost> ByClass(IrDesign design, SynthGate.Report synth)
    {
        var counts = AreaBreakdown.InstanceCounts(design);
        var byClass = counts.GroupBy(kv => design.Module(kv.Key).ClassName).ToDictionary(g => g.Key, g => g.ToList());
        long Sum(string cls, Func<IrModule, long> f) => byClass[cls].Sum(kv => kv.Value * f(design.Module(kv.Key)));
        return [.. AreaBreakdown.ByClass(design, synth).Select(c =>
        {
            var embedded = Sum(c.Class, m => IsRamMacro(m) ? 0 : OwnMemoryBits(m));
            if (embedded > c.FlipFlops)
                throw new InvalidOperationException($"{c.Class}: {embedded} memory bits but only {c.FlipFlops} flip-flops in yosys' count; " +
                    "the memory was not synthesized as a flip-flop array");
            var macroBits = Sum(c.Class, m => IsRamMacro(m) ? OwnMemoryBits(m) : 0);
            var extra = Sum(c.Class, m => IsRamMacro(m) ? Ports(m).Sum(p => (long)p.Key.Depth * p.Key.Width * Math.Max(0, p.Value.Reads + p.Value.Writes - 1)) : 0);
            var periphery = Sum(c.Class, m => IsRamMacro(m) ? Ports(m).Sum(p => (long)(p.Value.Reads + p.Value.Writes) * (p.Key.Depth + p.Key.Width)) : 0);
            return new ClassCost(c.Class, c.Instances, c.Cells - c.FlipFlops, c.FlipFlops - embedded, embedded + macroBits, extra, periphery);
        })];
    }

    private static long OwnMemoryBits(IrModule m) => m.Memories.Sum(x => (long)x.Depth * x.Width);
}
