namespace SmartQuant.Experiments.Reports;

/// <summary>Every experiment `smartquant report` runs, in the order index.md lists them. One line each.</summary>
public static class ReportCatalog
{
    public static IReadOnlyList<IReport> All { get; } =
    [
        new CoSimSpeedReport(),
        new MicroScopiQReport(),
        new CxlStoreReport(),
        new FpgaReport(),
        new RealModelReport(),
        new RealLayerReport(),
        new SmartQuantReport(),
        new AcceleratorReport(),
    ];

    public static IReport Find(string name) =>
        All.FirstOrDefault(r => r.Name == name)
        ?? throw new ArgumentException($"no report named '{name}' (reports: {string.Join(", ", All.Select(r => r.Name))})");
}
