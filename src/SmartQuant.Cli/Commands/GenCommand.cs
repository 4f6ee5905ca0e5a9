using System.CommandLine;
using SmartQuant.Emit;
using SmartQuant.Hdl.Ir;
using SmartQuant.Hw;

namespace SmartQuant.Cli.Commands;

/// <summary>`smartquant gen`: elaborate a built-in design or a user's C# design file and write its Verilog.</summary>
public static class GenCommand
{
    public static Command Create()
    {
        var design = CommonOptions.Design(required: false);
        var config = CommonOptions.Config();
        var designFile = new Option<FileInfo?>("--design-file") { Description = "a C# file describing a Module subclass (compiled at run time)" };
        var top = new Option<string?>("--top") { Description = "with --design-file: the Module class to elaborate when the file has several" };
        var output = new Option<DirectoryInfo>("--out") { Description = "output directory for the .v files and files.f", Required = true };
        var cmd = new Command("gen", "Elaborate a design and write one Verilog-2005 file per module plus files.f.")
        {
            design, config, designFile, top, output,
        };
        cmd.SetAction(r =>
        {
            var ir = Resolve(r.GetValue(design), r.GetValue(config), r.GetValue(designFile), r.GetValue(top));
            var files = VerilogEmitter.Emit(ir);
            var changed = OutputWriter.WriteAll(r.GetValue(output)!.FullName, files);
            Console.WriteLine($"gen {ir.DesignName}: {files.Count - 1} modules, {changed.Count} file(s) written to {r.GetValue(output)!.FullName}");
            return 0;
        });
        return cmd;
    }

    /// <summary>The design named on the command line, from the catalog or from a C# file.</summary>
    public static IrDesign Resolve(string? design, FileInfo? config, FileInfo? designFile, string? top)
    {
        if (designFile is not null)
        {
            if (design is not null) throw new ArgumentException("give either --design or --design-file, not both");
            return DesignFileCompiler.Elaborate(designFile.FullName, top);
        }
        if (design is null) throw new ArgumentException("--design NAME or --design-file FILE.cs is required (see 'smartquant designs')");
        var entry = DesignCatalog.Find(design);
        return entry.Elaborate(DesignCatalog.LoadConfig(entry, config?.FullName));
    }
}
