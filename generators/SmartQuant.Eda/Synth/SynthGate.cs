using System.Text.RegularExpressions;

namespace SmartQuant.Eda;

/// <summary>Cell and flip-flop count of one module after `yosys synth` (hierarchical: children count as one cell each).</summary>
public sealed record ModuleArea(string Module, long Cells, long FlipFlops);

/// <summary>`yosys synth` of an emitted design; reports cells and flip-flops per module and for the flattened top.</summary>
public static partial class SynthGate
{
    /// <summary><paramref name="Path"/>: the longest combinational path, when asked for (<see cref="LogicDepth"/>);
    /// <paramref name="PathFrom"/>: the longest one from the net asked for.</summary>
    public sealed record Report(IReadOnlyList<ModuleArea> Modules, ModuleArea Total, string Log, CriticalPath? Path = null, CriticalPath? PathFrom = null);

    /// <param name="depth">Also find the longest combinational path of the synthesized netlist (its JSON is read back).</param>
    /// <param name="depthFrom">With depth: also the longest path starting at this net (flat Verilog name).</param>
    public static Report Run(string directory, string top, bool flatten = false, bool depth = false, string? depthFrom = null)
    {
        var files = LintGate.VerilogFiles(directory);
        var netlist = depth ? System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"smartquant-netlist-{Guid.NewGuid():N}.json") : null;
        try
        {
            var script = $"read_verilog {string.Join(' ', files)}; synth -top {top}{(flatten ? " -flatten" : "")}";
            if (netlist is not null) script += $"; write_json {netlist}";
            var r = ToolRunner.Run("yosys", ["-q", "-p", $"{script}; tee -o /dev/stdout stat"]);
            if (r.ExitCode != 0) throw new InvalidOperationException($"yosys synth failed for {top}:\n{r.Combined}");
            var report = Parse(r.StdOut, top);
            if (netlist is null) return report;
            var (longest, from) = LogicDepth.FromJsonFile(netlist, top, depthFrom);
            return report with { Path = longest, PathFrom = from };
        }
        finally
        {
            if (netlist is not null) File.Delete(netlist);
        }
    }

    /// <summary>Reads yosys' `stat` text: one section per module, then "design hierarchy" totals.</summary>
    public static Report Parse(string log, string top)
    {
        var modules = new List<ModuleArea>();
        ModuleArea? total = null;
        foreach (Match m in SectionRegex().Matches(log))
        {
            var name = m.Groups[1].Value.Trim();
            var body = m.Groups[2].Value;
            var cells = CellsRegex().Match(body) is { Success: true } c ? long.Parse(c.Groups[1].Value) : 0;
            var ffs = CellTypeRegex().Matches(body).Where(t => t.Groups[1].Value.Contains("DFF", StringComparison.Ordinal))
                .Sum(t => long.Parse(t.Groups[2].Value));
            var area = new ModuleArea(name == "design hierarchy" ? top : name, cells, ffs);
            if (name == "design hierarchy") total = area;
            else if (modules.All(x => x.Module != area.Module)) modules.Add(area);
        }
        total ??= modules.FirstOrDefault(m => m.Module == top) ?? new ModuleArea(top, 0, 0);
        return new Report(modules, total, log);
    }

    [GeneratedRegex(@"^=== (.+?) ===\s*$(.*?)(?=^=== |\z)", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex SectionRegex();

    [GeneratedRegex(@"Number of cells:\s+(\d+)")]
    private static partial Regex CellsRegex();

    [GeneratedRegex(@"^\s+(\$\S+|\S+)\s+(\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex CellTypeRegex();
}
