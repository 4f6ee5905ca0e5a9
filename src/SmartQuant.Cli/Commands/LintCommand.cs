using System.CommandLine;
using SmartQuant.Emit;
using SmartQuant.Emit.Gates;

namespace SmartQuant.Cli.Commands;

/// <summary>`smartquant lint`: generate a design and run both lint gates (Verilator -Wall, yosys strict).</summary>
public static class LintCommand
{
    public static Command Create()
    {
        var design = CommonOptions.Design(required: false);
        var config = CommonOptions.Config();
        var designFile = new Option<FileInfo?>("--design-file") { Description = "a C# design file instead of a built-in design" };
        var cmd = new Command("lint", "Run `verilator --lint-only -Wall` and the yosys strict flow on a generated design; exit 1 on any finding.")
        {
            design, config, designFile,
        };
        cmd.SetAction(r =>
        {
            var ir = GenCommand.Resolve(r.GetValue(design), r.GetValue(config), r.GetValue(designFile), null);
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
