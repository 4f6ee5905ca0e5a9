using System.CommandLine;
using SmartQuant.Cli.Reports;

namespace SmartQuant.Cli.Commands;

/// <summary>`smartquant report [DESIGN] [--out DIR]`: runs a design's report and writes DIR/&lt;design&gt;.md.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var design = new Argument<string?>("design") { Description = "design to report on (default: all)", Arity = ArgumentArity.ZeroOrOne };
        var outDir = new Option<DirectoryInfo?>("--out") { Description = "directory for <design>.md (default build/reports)" };
        var cmd = new Command("report", "Measure a design (cycles, utilization, area) and write a markdown report.") { design, outDir };
        cmd.SetAction(r =>
        {
            var name = r.GetValue(design);
            var dir = r.GetValue(outDir)?.FullName ?? Path.Combine("build", "reports");
            Directory.CreateDirectory(dir);
            foreach (var report in name is null ? ReportCatalog.All() : [ReportCatalog.Find(name)])
            {
                Console.WriteLine($"# {report.Title}");
                var md = report.Run(Console.Out);
                var path = Path.Combine(dir, report.Design + ".md");
                File.WriteAllText(path, md);
                Console.WriteLine($"wrote {path}");
            }
            return 0;
        });
        return cmd;
    }
}
