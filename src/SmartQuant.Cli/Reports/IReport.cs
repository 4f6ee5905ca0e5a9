using System.Text;

namespace SmartQuant.Cli.Reports;

/// <summary>A table of a report: printed on the console and written as markdown.</summary>
public sealed record ReportTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    public string ToMarkdown()
    {
        var sb = new StringBuilder($"### {Title}\n\n| {string.Join(" | ", Columns)} |\n|{string.Concat(Columns.Select(_ => "---|"))}\n");
        foreach (var r in Rows) sb.Append($"| {string.Join(" | ", r)} |\n");
        return sb.ToString();
    }
}

/// <summary>What a report produced: markdown (tables and notes), the tables for the console, and optional plot data (file name → CSV).</summary>
public sealed record ReportSection(string Design, string Title, string Markdown, IReadOnlyList<ReportTable> Tables,
    IReadOnlyDictionary<string, string>? Plots = null);

/// <summary>One design's paper experiment for <c>smartquant report</c>; register it in <see cref="ReportCatalog"/>.</summary>
public interface IReport
{
    /// <summary>Design name in <c>DesignCatalog</c> (the command-line argument).</summary>
    string Design { get; }
    string Title { get; }
    ReportSection Run(ReportOptions options);
}

/// <summary>Options every report gets.</summary>
public sealed record ReportOptions(string OutDirectory, int Seed = 1);
