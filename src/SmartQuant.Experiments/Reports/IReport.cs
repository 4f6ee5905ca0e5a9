namespace SmartQuant.Experiments.Reports;

/// <summary>
/// One experiment of `smartquant report` (`make report`): it measures, prints a console table, and returns a
/// markdown section with its figures for <c>build/report/index.md</c>. Register it in <see cref="ReportCatalog"/>.
/// </summary>
public interface IReport
{
    /// <summary>Name on the command line (`smartquant report NAME`), usually the design.</summary>
    string Name { get; }
    string Title { get; }
    ReportSection Run(ReportContext context);
}

/// <summary>Where a report writes and how much it runs.</summary>
/// <param name="OutDirectory">The report folder (figures go next to index.md).</param>
/// <param name="Console">Progress and tables for the person watching.</param>
/// <param name="Quick">Smaller sizes (used by tests and `make run`); the full sizes otherwise.</param>
public sealed record ReportContext(string OutDirectory, TextWriter Console, bool Quick);

/// <summary>A report's markdown (tables, assumptions) and its figures.</summary>
public sealed record ReportSection(string Markdown, IReadOnlyList<Figure> Figures);

/// <summary>
/// A plot drawn with ScottPlot, saved as PNG and SVG. <paramref name="PaperReference"/> names the paper's figure or
/// table it corresponds to, when there is one, so readers can put the two side by side.
/// </summary>
public sealed record Figure(string FileStem, string Caption, Action<ScottPlot.Plot> Draw, string? PaperReference = null);
