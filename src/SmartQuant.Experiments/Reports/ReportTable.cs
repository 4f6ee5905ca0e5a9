using System.Text;

namespace SmartQuant.Experiments.Reports;

/// <summary>
/// A result table of a report, written twice from the same cells so the console and the markdown never disagree:
/// as markdown (under a "###" heading when it has a title) and as aligned console columns.
/// </summary>
internal sealed record ReportTable(string Title, string[] Columns, IReadOnlyList<string[]> Rows)
{
    public string Markdown()
    {
        var sb = new StringBuilder(Title.Length > 0 ? $"### {Title}\n\n" : "");
        sb.Append($"| {string.Join(" | ", Columns)} |\n|{string.Concat(Columns.Select(_ => "---|"))}\n");
        foreach (var r in Rows) sb.Append($"| {string.Join(" | ", r)} |\n");
        return sb.ToString();
    }

    public void Print(TextWriter console)
    {
        var widths = Columns.Select((c, i) => Rows.Select(r => r[i].Length).Append(c.Length).Max()).ToArray();
        string Line(string[] cells) => "  " + string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i])));
        console.WriteLine($"  {Title}");
        console.WriteLine(Line(Columns));
        foreach (var r in Rows) console.WriteLine(Line(r));
    }
}
