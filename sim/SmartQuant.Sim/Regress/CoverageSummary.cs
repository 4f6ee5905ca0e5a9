using SmartQuant.Eda;
using SmartQuant.Hdl;

namespace SmartQuant.Sim.Regress;

/// <summary>Coverage of one module: points and points hit, for line (lines and branches) and toggle coverage.</summary>
public sealed record ModuleCoverage(string Module, int LinePoints, int LineHit, int TogglePoints, int ToggleHit)
{
    public double LinePercent => LinePoints == 0 ? 100 : 100.0 * LineHit / LinePoints;
    public double TogglePercent => TogglePoints == 0 ? 100 : 100.0 * ToggleHit / TogglePoints;
}

/// <summary>
/// Merges Verilator coverage files (per case, per shard) with <c>verilator_coverage --write</c> and sums them per
/// module from the points' "page" field (v_line/MODULE, v_branch/MODULE, v_toggle/MODULE).
/// </summary>
public static class CoverageSummary
{
    public static void Merge(IReadOnlyList<string> inputs, string output)
    {
        if (inputs.Count == 0) throw new HdlException("no coverage files to merge");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        var tmp = output + ".tmp";
        var r = ToolRunner.Run("verilator_coverage", ["--write", tmp, .. inputs]);
        if (r.ExitCode != 0 || !File.Exists(tmp)) throw new HdlException($"verilator_coverage failed (exit {r.ExitCode}): {r.Combined}");
        File.Move(tmp, output, overwrite: true);
    }

    public static IReadOnlyList<ModuleCoverage> Read(string datPath)
    {
        var modules = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(datPath))
        {
            if (!line.StartsWith("C '", StringComparison.Ordinal)) continue;
            var end = line.LastIndexOf('\'');
            var fields = line[3..end].Split('\u0001');
            var page = fields.Select(f => f.Split('\u0002')).FirstOrDefault(kv => kv.Length == 2 && kv[0] == "page")?[1];
            if (page is null || !long.TryParse(line[(end + 1)..].Trim(), out var count)) continue;
            var slash = page.IndexOf('/');
            var kind = slash < 0 ? page : page[..slash];
            var module = slash < 0 ? "?" : page[(slash + 1)..];
            if (!modules.TryGetValue(module, out var c)) modules[module] = c = new int[4];
            var at = kind == "v_toggle" ? 2 : kind is "v_line" or "v_branch" ? 0 : -1;
            if (at < 0) continue;
            c[at]++;
            if (count > 0) c[at + 1]++;
        }
        return [.. modules.Select(kv => new ModuleCoverage(kv.Key, kv.Value[0], kv.Value[1], kv.Value[2], kv.Value[3]))];
    }

    public static string Markdown(IReadOnlyList<ModuleCoverage> modules)
    {
        var lines = new List<string> { "| module | line + branch | toggle |", "|---|---:|---:|" };
        lines.AddRange(modules.Select(m => $"| {m.Module} | {m.LineHit}/{m.LinePoints} ({m.LinePercent:F1} %) | {m.ToggleHit}/{m.TogglePoints} ({m.TogglePercent:F1} %) |"));
        return string.Join('\n', lines) + '\n';
    }
}
