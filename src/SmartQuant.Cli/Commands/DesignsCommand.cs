using System.CommandLine;
using System.Text.Json.Nodes;
using SmartQuant.Hw;
using Spectre.Console;

namespace SmartQuant.Cli.Commands;

/// <summary>`smartquant designs`: the built-in designs and their parameters with defaults.</summary>
public static class DesignsCommand
{
    public static Command Create()
    {
        var cmd = new Command("designs", "List the built-in designs and their configuration parameters (defaults shown).");
        cmd.SetAction(_ =>
        {
            var table = new Table().AddColumns("design", "description", "parameters (default)");
            foreach (var d in DesignCatalog.All)
            {
                var json = JsonNode.Parse(d.DefaultConfig.ToJson())!.AsObject();
                var parameters = string.Join("\n", json.Select(kv => $"{kv.Key} = {kv.Value?.ToJsonString()}"));
                table.AddRow(Markup.Escape(d.Name), Markup.Escape(d.Description), Markup.Escape(parameters));
            }
            AnsiConsole.Write(table);
            return 0;
        });
        return cmd;
    }
}
