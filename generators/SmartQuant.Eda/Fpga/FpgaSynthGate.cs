using System.Collections.Immutable;

namespace SmartQuant.Eda;

/// <summary>FPGA resources of one module (its own cells; submodule instances are not counted) or of a whole design.</summary>
public sealed record FpgaResources(string Module, ImmutableDictionary<FpgaColumn, long> Counts)
{
    public long this[FpgaColumn column] => Counts.GetValueOrDefault(column);
    public long Luts => this[FpgaColumn.Lut];
    public long FlipFlops => this[FpgaColumn.FlipFlop];
    public long Carries => this[FpgaColumn.Carry];
    public long Dsps => this[FpgaColumn.Dsp];
    public long BlockRams => this[FpgaColumn.BlockRam];
    public long LutRams => this[FpgaColumn.LutRam];

    /// <summary>Sorts a `stat` section's cell types into <paramref name="target"/>'s columns. A type that is neither a
    /// primitive of the target nor one of <paramref name="submodules"/> is an error: an unmapped generic cell
    /// ($_AND_, $mem_v2 …) would otherwise vanish from the table unnoticed.</summary>
    public static FpgaResources FromSection(FpgaTarget target, YosysStat.Section section, string module, ISet<string> submodules)
    {
        var counts = new Dictionary<FpgaColumn, long>();
        foreach (var (type, n) in section.CellTypes)
        {
            if (target.ColumnOf(type) is { } column) counts[column] = counts.GetValueOrDefault(column) + n;
            else if (!submodules.Contains(type))
                throw new InvalidOperationException($"{target.Name}: cell type '{type}' in module '{module}' is not in the target's cell table (FpgaTarget.cs)");
        }
        return new FpgaResources(module, counts.ToImmutableDictionary());
    }
}

/// <summary>
/// yosys FPGA synthesis (synth_ice40 / synth_ecp5 / synth_xilinx) of an emitted design, hierarchy kept, with the
/// mapped cells of each module sorted into LUT / flip-flop / carry / DSP / block RAM / LUT RAM columns.
/// </summary>
public static class FpgaSynthGate
{
    /// <param name="Modules">Each definition's own resources, in yosys' order.</param>
    /// <param name="Total">The whole design, from yosys' "design hierarchy" section (its own sum over instances).</param>
    public sealed record Report(FpgaTarget Target, IReadOnlyList<FpgaResources> Modules, FpgaResources Total, string Log);

    /// <param name="top">The module to synthesize (the design's top, or one of its definitions on its own).</param>
    public static Report Run(string directory, string top, FpgaTarget target)
    {
        var files = LintGate.VerilogFiles(directory);
        var script = $"read_verilog {string.Join(' ', files)}; {target.SynthCommand} -top {top}; tee -o /dev/stdout stat";
        var r = ToolRunner.Run("yosys", ["-q", "-p", script]);
        if (r.ExitCode != 0) throw new InvalidOperationException($"yosys {target.SynthCommand} failed for {top}:\n{r.Combined}");
        return Parse(r.StdOut, top, target);
    }

    /// <summary>Reads the `stat` of a hierarchical FPGA synth. A single-module design has no hierarchy section; then
    /// the top's own section is the total.</summary>
    public static Report Parse(string log, string top, FpgaTarget target)
    {
        var sections = YosysStat.Parse(log);
        var moduleNames = sections.Where(s => s.Name != YosysStat.HierarchySection).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        if (moduleNames.Count == 0) throw new InvalidOperationException($"yosys printed no stat for {top}:\n{log}");
        var modules = sections.Where(s => s.Name != YosysStat.HierarchySection)
            .Select(s => FpgaResources.FromSection(target, s, s.Name, moduleNames)).ToList();
        var hierarchy = sections.FirstOrDefault(s => s.Name == YosysStat.HierarchySection);
        var total = hierarchy is not null
            ? FpgaResources.FromSection(target, hierarchy, top, moduleNames)
            : modules.FirstOrDefault(m => m.Module == top) ?? throw new InvalidOperationException($"yosys printed no stat for top '{top}'");
        return new Report(target, modules, total with { Module = top }, log);
    }
}
