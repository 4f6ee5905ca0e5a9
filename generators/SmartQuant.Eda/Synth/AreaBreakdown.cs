using SmartQuant.Hdl.Ir;

namespace SmartQuant.Eda;

/// <summary>Cells of one C# class in a design: its definitions' own cells times their instance counts.</summary>
public sealed record ClassArea(string Class, long Instances, long Cells, long FlipFlops);

/// <summary>
/// Splits a hierarchical `yosys synth` (each definition synthesized once, children counted as one cell) into cells per
/// C# class of the whole design, using the instance counts of the elaborated IR. The rows add up to yosys' own
/// design-hierarchy total, so big designs get a block-by-block area without a flattened synth.
/// </summary>
public static class AreaBreakdown
{
    public static IReadOnlyList<ClassArea> ByClass(IrDesign design, SynthGate.Report synth)
    {
        var own = synth.Modules.ToDictionary(m => m.Module);
        ModuleArea Own(string module) => own.TryGetValue(module, out var a) ? a
            : throw new InvalidOperationException($"yosys reported no module '{module}' (synthesized: {string.Join(", ", own.Keys)})");
        return [.. InstanceCounts(design)
            .GroupBy(kv => design.Module(kv.Key).ClassName)
            .Select(g => new ClassArea(g.Key, g.Sum(kv => kv.Value),
                g.Sum(kv => kv.Value * (Own(kv.Key).Cells - ChildCells(design.Module(kv.Key)))),
                g.Sum(kv => kv.Value * Own(kv.Key).FlipFlops)))
            .OrderByDescending(c => c.Cells).ThenBy(c => c.Class, StringComparer.Ordinal)];
    }

    /// <summary>yosys counts each child instance as one cell of its parent; those are not logic.</summary>
    private static long ChildCells(IrModule m) => m.Instances.Length;

    /// <summary>How many times each definition occurs in the elaborated design (the top counts once).</summary>
    internal static Dictionary<string, long> InstanceCounts(IrDesign design)
    {
        var counts = new Dictionary<string, long>();
        void Visit(IrModule m, long times)
        {
            counts[m.Name] = counts.GetValueOrDefault(m.Name) + times;
            foreach (var group in m.Instances.GroupBy(i => i.ModuleName))
                Visit(design.Module(group.Key), times * group.Count());
        }
        Visit(design.Top, 1);
        return counts;
    }
}
