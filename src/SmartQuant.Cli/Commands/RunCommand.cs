using System.CommandLine;
using SmartQuant.Emit;
using SmartQuant.Eda;
using SmartQuant.Hw;
using SmartQuant.Sim;
using Spectre.Console;

namespace SmartQuant.Cli.Commands;

/// <summary>
/// `smartquant run` (`make run`): the main job on default configurations — for every built-in design generate,
/// lint, synthesize, and print one table.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo?>("--out") { Description = "where generated Verilog goes (default build/gen)" };
        var cmd = new Command("run", "Generate, lint and synthesize every built-in design on its default configuration; print a table.") { output };
        cmd.SetAction(r =>
        {
            var root = r.GetValue(output)?.FullName ?? Path.GetFullPath(Path.Combine("build", "gen"));
            OutputWriter.CheckDirectory(root);   // a bad --out fails before any design is elaborated, not in the middle
            var table = new Table().AddColumns("design", "modules", "lint (verilator / yosys)", "cells", "flip-flops", "co-sim (default test)", "Verilog");
            var failures = 0;
            AnsiConsole.Status().Start("running", ctx =>
            {
                foreach (var d in DesignCatalog.All)
                {
                    ctx.Status($"{d.Name}: elaborate + emit");
                    var ir = d.Elaborate();
                    var dir = Path.Combine(root, d.Name);
                    OutputWriter.WriteAll(dir, VerilogEmitter.Emit(ir));
                    ctx.Status($"{d.Name}: lint");
                    var gates = LintGate.Run(dir, ir.Top.Name);
                    ctx.Status($"{d.Name}: synth");
                    var synth = SynthGate.Run(dir, ir.Top.Name);
                    ctx.Status($"{d.Name}: co-simulate");
                    var cosim = CoSim(d.Name, ref failures);
                    var lintText = string.Join(" / ", gates.Select(g => g.Passed ? "[green]pass[/]" : "[red]FAIL[/]"));
                    failures += gates.Count(g => !g.Passed);
                    table.AddRow(d.Name, ir.Modules.Length.ToString(), lintText, synth.Total.Cells.ToString(),
                        synth.Total.FlipFlops.ToString(), cosim, Markup.Escape(Path.GetRelativePath(Directory.GetCurrentDirectory(), dir)));
                }
            });
            AnsiConsole.Write(table);
            return failures == 0 ? 0 : 1;
        });
        return cmd;
    }

    /// <summary>Cycles of the co-simulation column: long enough to mean something, short enough for `make run`.</summary>
    public const long CoSimCycles = 100_000;

    private static string CoSim(string design, ref int failures)
    {
        if (SimTestCatalog.ForDesign(design).Count == 0) return "[grey]no test[/]";
        var r = LockstepEngine.Run(SimTestCatalog.Find(design), new SimOptions { Cycles = CoSimCycles, Seed = 1 });
        if (!r.Passed)
        {
            failures++;
            Console.Error.WriteLine(r.Divergence);
            return $"[red]FAIL[/] {Markup.Escape(r.Test)} cycle {r.Divergence!.Cycle}";
        }
        var speed = r.CyclesPerSecond >= 1e6 ? $"{r.CyclesPerSecond / 1e6:0.0} M/s" : $"{r.CyclesPerSecond / 1e3:0} k/s";
        return $"[green]pass[/] {r.Cycles / 1000}k cyc, {speed}";
    }
}
