using System.CommandLine;
using SmartQuant.Emit;
using SmartQuant.Emit.Gates;
using Spectre.Console;

namespace SmartQuant.Cli.Commands;

/// <summary>`smartquant synth`: yosys synthesis; cells and flip-flops per module, and the longest combinational path.</summary>
public static class SynthCommand
{
    public static Command Create()
    {
        var selection = new DesignSelection();
        var cmd = new Command("synth", "Synthesize a design with `yosys synth` and print the cell and flip-flop count of every module " +
            "and the longest combinational path (gate levels of yosys's generic cell library, register/port to register/port).");
        selection.AddTo(cmd);
        var from = new Option<string>("--from")
        {
            Description = "also print the longest combinational path starting at this net (port, register or wire; instances joined by dots, e.g. out_ready)",
        };
        cmd.Options.Add(from);
        cmd.SetAction(r =>
        {
            var ir = selection.Elaborate(r);
            using var dir = new ScratchDirectory("synth");
            OutputWriter.WriteAll(dir.Path, VerilogEmitter.Emit(ir));
            var report = SynthGate.Run(dir.Path, ir.Top.Name, depth: true, depthFrom: r.GetValue(from));
            var table = new Table().AddColumns("module", "cells", "flip-flops");
            foreach (var m in report.Modules) table.AddRow(m.Module, m.Cells.ToString(), m.FlipFlops.ToString());
            table.AddRow($"[bold]{ir.Top.Name} (whole design)[/]", report.Total.Cells.ToString(), report.Total.FlipFlops.ToString());
            AnsiConsole.Write(table);
            Print("longest combinational path", report.Path!);
            if (report.PathFrom is { } p) Print($"longest combinational path from {r.GetValue(from)}", p);
            return 0;
        });
        return cmd;
    }

    private static void Print(string title, CriticalPath path)
    {
        AnsiConsole.MarkupLine($"{Markup.Escape(title)}: [bold]{path.Levels}[/] gate levels (yosys generic cells, module boundaries kept)");
        AnsiConsole.MarkupLine($"  from {Markup.Escape(path.Start.ToString())}");
        AnsiConsole.MarkupLine($"  to   {Markup.Escape(path.End.ToString())}");
        if (path.Through.Count > 0) AnsiConsole.MarkupLine($"  via  {Markup.Escape(string.Join(", ", path.Through))}");
    }
}
