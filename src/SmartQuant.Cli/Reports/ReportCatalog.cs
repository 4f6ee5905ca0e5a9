namespace SmartQuant.Cli.Reports;

/// <summary>Every report of <c>smartquant report</c>, one line per design.</summary>
public static class ReportCatalog
{
    public static IReadOnlyList<IReport> All { get; } =
    [
        new CxlStoreReport(),
    ];
}
