using System.CommandLine;
using SmartQuant.Emit;
using SmartQuant.Emit.Gates;
using Spectre.Console;

namespace SmartQuant.Cli.Commands;

/// <summary>`smartquant synth`: yosys synthesis; cells and flip-flops per module.</summary>
public static class SynthCommand
{
    public static Command Create()
    {
        var design = CommonOptions.Design(required: false);
        var config = CommonOptions.Config();
        var designFile = new Option<FileInfo?>("--design-file") { Description = "a C# design file instead of a built-in design" };
        var cmd = new Command("synth", "Synthesize a design with `yosys synth` and print the cell and flip-flop count of every module.")
        {
            design, config, designFile,
        };
        cmd.SetAction(r =>
        {
            var ir = GenCommand.Resolve(r.GetValue(design), r.GetValue(config), r.GetValue(designFile), null);
            using var dir = new ScratchDirectory("synth");
            OutputWriter.WriteAll(dir.Path, VerilogEmitter.Emit(ir));
            var report = SynthGate.Run(dir.Path, ir.Top.Name);
            var table = new Table().AddColumns("module", "cells", "flip-flops");
            foreach (var m in report.Modules) table.AddRow(m.Module, m.Cells.ToString(), m.FlipFlops.ToString());
            table.AddRow($"[bold]{ir.Top.Name} (whole design)[/]", report.Total.Cells.ToString(), report.Total.FlipFlops.ToString());
            AnsiConsole.Write(table);
            return 0;
        });
        return cmd;
    }
}
