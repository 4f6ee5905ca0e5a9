using System.CommandLine;
using SmartQuant.Cli.Reports;
using SmartQuant.Hdl;
using Spectre.Console;

namespace SmartQuant.Cli.Commands;

/// <summary>`smartquant report [DESIGN] [--out DIR]`: runs a design's paper experiment (all registered reports without a design).</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var design = new Argument<string?>("design") { Description = "design whose report to run (default: every report)", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<DirectoryInfo?>("--out") { Description = "where <design>.md and plot CSVs go (default build/reports)" };
        var cmd = new Command("report", "Run the paper's experiment of a design; print its tables, write markdown and plot data.") { design, output };
        cmd.SetAction(r =>
        {
            var name = r.GetValue(design);
            var reports = name is null ? ReportCatalog.All
                : ReportCatalog.All.Where(x => x.Design == name).ToList() is { Count: > 0 } found ? found
                : throw new HdlException($"no report for design '{name}' (reports: {string.Join(", ", ReportCatalog.All.Select(x => x.Design))})");
            var dir = r.GetValue(output)?.FullName ?? Path.GetFullPath(Path.Combine("build", "reports"));
            Directory.CreateDirectory(dir);
            foreach (var report in reports)
            {
                var section = report.Run(new ReportOptions(dir));
                Print(section);
                File.WriteAllText(Path.Combine(dir, $"{section.Design}.md"), section.Markdown);
                foreach (var (file, csv) in section.Plots ?? new Dictionary<string, string>()) File.WriteAllText(Path.Combine(dir, file), csv);
                Console.WriteLine($"report: {Path.Combine(dir, section.Design + ".md")}");
            }
            return 0;
        });
        return cmd;
    }

    private static void Print(ReportSection s)
    {
        AnsiConsole.Write(new Rule(Markup.Escape(s.Title)));
        foreach (var t in s.Tables)
        {
            var table = new Table().Title(Markup.Escape(t.Title));
            foreach (var c in t.Columns) table.AddColumn(Markup.Escape(c));
            foreach (var row in t.Rows) table.AddRow([.. row.Select(Markup.Escape)]);
            AnsiConsole.Write(table);
        }
    }
}
