using System.CommandLine;
using SmartQuant.Emit;

namespace SmartQuant.Cli.Commands;

/// <summary>`smartquant gen`: elaborate a built-in design or a user's C# design file and write its Verilog.</summary>
public static class GenCommand
{
    public static Command Create()
    {
        var selection = new DesignSelection();
        var output = new Option<DirectoryInfo>("--out") { Description = "output directory for the .v files and files.f", Required = true };
        var cmd = new Command("gen", "Elaborate a design and write one Verilog-2005 file per module plus files.f.");
        selection.AddTo(cmd);
        cmd.Options.Add(output);
        cmd.SetAction(r =>
        {
            var outDir = OutputWriter.CheckDirectory(r.GetValue(output)!.FullName);   // a bad --out fails before elaboration
            var ir = selection.Elaborate(r);
            var files = VerilogEmitter.Emit(ir);
            var changed = OutputWriter.WriteAll(outDir, files);
            Console.WriteLine($"gen {ir.DesignName}: {files.Count - 1} modules, {changed.Count} file(s) written to {outDir}");
            return 0;
        });
        return cmd;
    }
}
