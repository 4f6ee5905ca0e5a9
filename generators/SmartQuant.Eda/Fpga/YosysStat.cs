using System.Text.RegularExpressions;

namespace SmartQuant.Eda;

/// <summary>
/// yosys' `stat` text read into cell-type counts: one section per module ("=== name ==="), and, when the design has
/// a top, a "design hierarchy" section whose counts are yosys' own sum over every instance.
/// </summary>
public static partial class YosysStat
{
    /// <summary>One `stat` section: the cell types listed under "Number of cells:" with their counts.</summary>
    public sealed record Section(string Name, long Cells, IReadOnlyDictionary<string, long> CellTypes);

    public const string HierarchySection = "design hierarchy";

    public static IReadOnlyList<Section> Parse(string log)
    {
        var sections = new List<Section>();
        foreach (Match m in SectionRegex().Matches(log))
        {
            var name = m.Groups[1].Value.Trim();
            var lines = m.Groups[2].Value.Split('\n');
            var start = Array.FindIndex(lines, l => l.TrimStart().StartsWith("Number of cells:", StringComparison.Ordinal));
            if (start < 0) continue;
            var cells = long.Parse(CellsRegex().Match(lines[start]).Groups[1].Value);
            // The per-type lines follow "Number of cells:" and are indented deeper; a blank line or a
            // less-indented line ("Chip area", the next section) ends them.
            var types = new SortedDictionary<string, long>(StringComparer.Ordinal);
            for (var i = start + 1; i < lines.Length; i++)
            {
                var t = TypeLineRegex().Match(lines[i]);
                if (!t.Success) break;
                types[t.Groups[1].Value] = types.GetValueOrDefault(t.Groups[1].Value) + long.Parse(t.Groups[2].Value);
            }
            if (sections.All(s => s.Name != name)) sections.Add(new Section(name, cells, types));
        }
        return sections;
    }

    [GeneratedRegex(@"^=== (.+?) ===\s*$(.*?)(?=^=== |\z)", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex SectionRegex();

    [GeneratedRegex(@"Number of cells:\s+(\d+)")]
    private static partial Regex CellsRegex();

    [GeneratedRegex(@"^\s{5,}(\S+)\s+(\d+)\s*$")]
    private static partial Regex TypeLineRegex();
}
