using System.CommandLine;
using SmartQuant.Emit;
using SmartQuant.Eda;
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
        var blocks = new Option<bool>("--blocks")
        {
            Description = "generic target: block-level area flow instead: each distinct module synthesized once (2 yosys at a time, " +
                "cached in build/area-blocks), times its instances, per C# class under the stated area model (RAM macros by the model); no path",
        };
        var target = FpgaOptions.Target();
        var module = FpgaOptions.Module();
        cmd.Options.Add(from);
        cmd.Options.Add(blocks);
        cmd.Options.Add(target);
        cmd.Options.Add(module);
        cmd.SetAction(r =>
        {
            var targetName = r.GetValue(target)!;
            var fpga = targetName == "generic" ? null : FpgaTarget.Find(targetName);
            if (fpga is not null && r.GetValue(from) is not null) throw new ArgumentException("--from applies to --target generic only");
            var ir = selection.Elaborate(r);
            if (r.GetValue(blocks))
            {
                if (fpga is not null || r.GetValue(from) is not null) throw new ArgumentException("--blocks applies to --target generic without --from");
                PrintBlocks(ir);
                return 0;
            }
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

    private static void PrintBlocks(IrDesign ir)
    {
        var files = VerilogEmitter.Emit(ir);
        var cache = Path.Combine(SmartQuant.Sim.RepoPaths.Root, "build", "area-blocks");
        var sw = System.Diagnostics.Stopwatch.StartNew();
        int done = 0;
        var r = BlockSynth.Run(ir, files, cache, parallel: 2, progress: (m, s, cached) =>
        {
            var n = Interlocked.Increment(ref done);
            if (!cached) lock (files) Console.Error.WriteLine($"synth: [{n}/{ir.Modules.Length}] {m} {s:0} s");
        });
        var model = AreaModel.Default;
        var rows = AreaModel.ByClass(ir, r.Report).OrderByDescending(c => c.Cells(model)).ToList();
        double total = rows.Sum(c => c.Cells(model));
        AnsiConsole.MarkupLine(Markup.Escape($"{model.Describe()}; {r.Synthesized} blocks synthesized, {r.Cached} cached, {sw.Elapsed.TotalSeconds:0} s"));
        var table = new Table().AddColumns("C# class", "instances", "logic cells", "flip-flops", "memory bits", "area", "share");
        foreach (var c in table.Columns.Skip(1)) c.RightAligned();
        foreach (var c in rows)
            table.AddRow(c.Class, c.Instances.ToString("N0"), c.LogicCells.ToString("N0"), c.FlipFlops.ToString("N0"), c.MemoryBits.ToString("N0"),
                c.Cells(model).ToString("N0"), (c.Cells(model) / total).ToString("P1"));
        table.AddRow("[bold]whole design[/]", "", rows.Sum(c => c.LogicCells).ToString("N0"), rows.Sum(c => c.FlipFlops).ToString("N0"),
            rows.Sum(c => c.MemoryBits).ToString("N0"), total.ToString("N0"), "100 %");
        AnsiConsole.Write(table);
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
