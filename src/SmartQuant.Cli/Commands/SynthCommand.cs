using System.CommandLine;
using SmartQuant.Emit;
using SmartQuant.Emit.Gates;
using SmartQuant.Hdl.Ir;
using Spectre.Console;

namespace SmartQuant.Cli.Commands;

/// <summary>`smartquant synth`: yosys synthesis, generic (cells, flip-flops, longest combinational path) or for an
/// FPGA target (LUTs, flip-flops, carry cells, DSPs, block RAMs and LUT RAMs per module).</summary>
public static class SynthCommand
{
    public static Command Create()
    {
        var selection = new DesignSelection();
        var cmd = new Command("synth", "Synthesize a design with yosys. --target generic (default): `yosys synth`, the cell and flip-flop count " +
            "of every module and the longest combinational path (gate levels of yosys's generic cell library, register/port to register/port). " +
            "--target ice40|ecp5|xilinx: synth_ice40 / synth_ecp5 / synth_xilinx with the hierarchy kept, and per module the LUTs, " +
            "flip-flops, carry cells, DSPs, block RAMs and LUT RAMs (docs/fpga.md).");
        selection.AddTo(cmd);
        var from = new Option<string>("--from")
        {
            Description = "generic target: also print the longest combinational path starting at this net (port, register or wire; instances joined by dots, e.g. out_ready)",
        };
        var target = FpgaOptions.Target();
        var module = FpgaOptions.Module();
        cmd.Options.Add(from);
        cmd.Options.Add(target);
        cmd.Options.Add(module);
        cmd.SetAction(r =>
        {
            var targetName = r.GetValue(target)!;
            var fpga = targetName == "generic" ? null : FpgaTarget.Find(targetName);
            if (fpga is not null && r.GetValue(from) is not null) throw new ArgumentException("--from applies to --target generic only");
            var ir = selection.Elaborate(r);
            var top = FpgaOptions.Top(ir, r.GetValue(module));
            using var dir = new ScratchDirectory("synth");
            OutputWriter.WriteAll(dir.Path, VerilogEmitter.Emit(ir));
            if (fpga is not null)
            {
                Console.Error.WriteLine($"synth: yosys {fpga.SynthCommand} -top {top} …");
                PrintFpga(FpgaSynthGate.Run(dir.Path, top, fpga));
                return 0;
            }
            var report = SynthGate.Run(dir.Path, top, depth: true, depthFrom: r.GetValue(from));
            var table = new Table().AddColumns("module", "cells", "flip-flops");
            foreach (var m in report.Modules) table.AddRow(m.Module, m.Cells.ToString(), m.FlipFlops.ToString());
            table.AddRow($"[bold]{top} (whole design)[/]", report.Total.Cells.ToString(), report.Total.FlipFlops.ToString());
            AnsiConsole.Write(table);
            Print("longest combinational path", report.Path!);
            if (report.PathFrom is { } p) Print($"longest combinational path from {r.GetValue(from)}", p);
            return 0;
        });
        return cmd;
    }

    private static void PrintFpga(FpgaSynthGate.Report report)
    {
        AnsiConsole.MarkupLine($"{Markup.Escape(report.Target.Part)}: own cells per module (submodule instances not counted)");
        var table = new Table().AddColumns("module", "LUTs", "flip-flops", "carry", "DSPs", "block RAMs", "LUT RAMs");
        foreach (var c in table.Columns.Skip(1)) c.RightAligned();
        static string[] Row(string name, FpgaResources m) =>
            [name, m.Luts.ToString(), m.FlipFlops.ToString(), m.Carries.ToString(), m.Dsps.ToString(), m.BlockRams.ToString(), m.LutRams.ToString()];
        foreach (var m in report.Modules) table.AddRow(Row(Markup.Escape(m.Module), m));
        table.AddRow(Row($"[bold]{Markup.Escape(report.Total.Module)} (whole design)[/]", report.Total));
        AnsiConsole.Write(table);
    }

    private static void Print(string title, CriticalPath path)
    {
        AnsiConsole.MarkupLine($"{Markup.Escape(title)}: [bold]{path.Levels}[/] gate levels (yosys generic cells, module boundaries kept)");
        AnsiConsole.MarkupLine($"  from {Markup.Escape(path.Start.ToString())}");
        AnsiConsole.MarkupLine($"  to   {Markup.Escape(path.End.ToString())}");
        if (path.Through.Count > 0) AnsiConsole.MarkupLine($"  via  {Markup.Escape(string.Join(", ", path.Through))}");
    }
}
