using System.CommandLine;
using SmartQuant.Experiments.Bench;
using Spectre.Console;

namespace SmartQuant.Cli.Commands;

/// <summary>`smartquant bench` (`make bench`): every benchmark in one run, measured against its target.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var only = new Option<string?>("--only") { Description = "run only benchmarks whose name contains this text" };
        var cmd = new Command("bench", "Run the performance benchmarks (ratios and limits measured in one run) and print a table.") { only };
        cmd.SetAction(r =>
        {
            var filter = r.GetValue(only);
            var selected = BenchCatalog.All().Where(b => filter is null || b.Name.Contains(filter, StringComparison.Ordinal)).ToList();
            if (selected.Count == 0) throw new ArgumentException($"no benchmark matches '{filter}'");
            var results = selected.Select(b => b.Run(Console.Out)).ToList();
            var table = new Table().AddColumns("benchmark", "measured", "target", "met");
            foreach (var x in results)
                table.AddRow(Markup.Escape(x.Name), Markup.Escape(x.Measured), Markup.Escape(x.Target), x.Met ? "[green]yes[/]" : "[red]NO[/]");
            AnsiConsole.Write(table);
            return results.All(x => x.Met) ? 0 : 1;
        });
        return cmd;
    }
}
