using System.CommandLine;
using SmartQuant.Emit;
using SmartQuant.Eda;

namespace SmartQuant.Cli.Commands;

/// <summary>`smartquant lint`: generate a design and run both lint gates (Verilator -Wall, yosys strict).</summary>
public static class LintCommand
{
    public static Command Create()
    {
        var selection = new DesignSelection();
        var cmd = new Command("lint", "Run `verilator --lint-only -Wall` and the yosys strict flow on a generated design; exit 1 on any finding.");
        selection.AddTo(cmd);
        cmd.SetAction(r =>
        {
            var ir = selection.Elaborate(r);
            using var dir = new ScratchDirectory("lint");
            OutputWriter.WriteAll(dir.Path, VerilogEmitter.Emit(ir));
            var failed = false;
            foreach (var g in LintGate.Run(dir.Path, ir.Top.Name))
            {
                Console.WriteLine($"{(g.Passed ? "PASS" : "FAIL")} {g.Gate} ({ir.DesignName}, top {ir.Top.Name})");
                if (!g.Passed) { Console.WriteLine(g.Output); failed = true; }
            }
            return failed ? 1 : 0;
        });
        return cmd;
    }
}
