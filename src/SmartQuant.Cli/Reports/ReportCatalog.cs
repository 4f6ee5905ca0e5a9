namespace SmartQuant.Cli.Reports;

/// <summary>A design report of `smartquant report`: measurements printed as they are taken, returned as markdown.</summary>
public interface IReport
{
    string Design { get; }
    string Title { get; }
    /// <summary>Runs the measurements (progress to <paramref name="console"/>) and returns the report as markdown.</summary>
    string Run(TextWriter console);
}

/// <summary>Every report `smartquant report` knows, one line each.</summary>
public static class ReportCatalog
{
    public static IEnumerable<IReport> All()
    {
        yield return new MicroScopiQReport();
    }

    public static IReport Find(string design) => All().FirstOrDefault(r => r.Design == design)
        ?? throw new ArgumentException($"no report for '{design}' (reports: {string.Join(", ", All().Select(r => r.Design))})");
}
