using System.Text;
using SmartQuant.Hw.MacArray;
using SmartQuant.Sim;

namespace SmartQuant.Experiments.Reports;

/// <summary>
/// Checked lockstep co-simulation speed (cycles per second, Verilator model + golden model compared every cycle) of
/// every design's default test, and of the mac-array at growing sizes.
/// </summary>
public sealed class CoSimSpeedReport : IReport
{
    public string Name => "cosim";
    public string Title => "Co-simulation speed";

    public ReportSection Run(ReportContext context)
    {
        var cycles = context.Quick ? 20_000L : 500_000L;
        var rows = new List<(string Label, double CyclesPerSecond)>();
        foreach (var test in SimTestCatalog.All.GroupBy(t => t.Design).Select(g => g.First()))
            rows.Add(($"{test.Design}/{test.Name}", Measure(test, null, cycles, context)));
        foreach (var n in context.Quick ? new[] { 4, 8 } : new[] { 4, 8, 16 })
        {
            var cfg = new MacArrayConfig(rows: n, cols: n);
            rows.Add(($"mac-array {n}x{n}", Measure(SimTestCatalog.Find("mac-array"), cfg, cycles, context)));
        }

        var md = new StringBuilder();
        md.AppendLine($"Checked lockstep runs of {cycles:N0} cycles after the Verilator build (cached builds excluded from the time). One thread per model.").AppendLine();
        md.AppendLine("| run | cycles/s |").AppendLine("|---|---:|");
        foreach (var (label, cps) in rows) md.AppendLine($"| {label} | {cps:N0} |");
        var labels = rows.Select(r => r.Label).ToArray();
        var values = rows.Select(r => r.CyclesPerSecond / 1e6).ToArray();
        return new ReportSection(md.ToString(),
        [
            new Figure("cosim-speed", "Checked co-simulation speed (M cycles/s)", plot =>
            {
                var bars = plot.Add.Bars(values);
                plot.Axes.Bottom.SetTicks(Enumerable.Range(0, labels.Length).Select(i => (double)i).ToArray(), labels);
                plot.Axes.Left.Label.Text = "M cycles/s";
                plot.Title("Checked lockstep co-simulation speed");
            }),
        ]);
    }

    private static double Measure(ISimTest test, SmartQuant.Hdl.DesignConfig? config, long cycles, ReportContext context)
    {
        var r = LockstepEngine.Run(test, new SimOptions { Cycles = cycles, Seed = 1, Config = config });
        context.Console.WriteLine($"  {r.Summary}  {r.CyclesPerSecond:N0} cycles/s");
        if (!r.Passed) throw new InvalidOperationException($"co-simulation failed while measuring speed: {r.Summary}");
        return r.CyclesPerSecond;
    }
}
