using System.CommandLine;
using SmartQuant.Experiments.Reports;
using SmartQuant.Sim;

namespace SmartQuant.Cli.Commands;

/// <summary>`smartquant report [NAME]` (`make report`): run the experiments and write build/report/index.md with figures.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var name = new Argument<string?>("name") { Description = $"one report ({string.Join(", ", ReportCatalog.All.Select(r => r.Name))}); all when omitted", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<DirectoryInfo?>("--out") { Description = "report folder (default build/report)" };
        var quick = new Option<bool>("--quick") { Description = "smaller sizes, for a fast look" };
        var cmd = new Command("report", "Run the experiments (utilization, area, energy, speed) and write index.md with tables and plots.") { name, output, quick };
        cmd.SetAction(r =>
        {
            var reports = r.GetValue(name) is { } n ? [ReportCatalog.Find(n)] : ReportCatalog.All;
            var dir = r.GetValue(output)?.FullName ?? Path.Combine(RepoPaths.Root, "build", "report");
            var index = ReportWriter.Write(reports, dir, Console.Out, r.GetValue(quick));
            Console.WriteLine($"report: {index}");
            return 0;
        });
        return cmd;
    }
}
