using System.CommandLine;
using SmartQuant.Cli.Bench;
using Spectre.Console;

namespace SmartQuant.Cli.Commands;

/// <summary>`smartquant bench` (`make bench`): runs every benchmark in BenchCatalog and prints one table; exit 1 if a target is missed.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var filter = new Option<string?>("--filter") { Description = "run only benchmarks whose name contains this text" };
        var cmd = new Command("bench", "Run the benchmarks and print measured values against their targets.") { filter };
        cmd.SetAction(r =>
        {
            var f = r.GetValue(filter);
            var table = new Table().AddColumns("benchmark", "measured", "target", "met");
            var missed = 0;
            foreach (var b in BenchCatalog.All().Where(b => f is null || b.Name.Contains(f, StringComparison.OrdinalIgnoreCase)))
            {
                Console.Error.WriteLine($"bench {b.Name} ...");
                var res = b.Run(Console.Error);
                if (!res.Met) missed++;
                table.AddRow(Markup.Escape(res.Name), Markup.Escape(res.Measured), Markup.Escape(res.Target), res.Met ? "[green]yes[/]" : "[red]NO[/]");
            }
            AnsiConsole.Write(table);
            return missed == 0 ? 0 : 1;
        });
        return cmd;
    }
}
