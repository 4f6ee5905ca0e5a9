using System.CommandLine;
using SmartQuant.DesignFile;
using SmartQuant.Emit;
using SmartQuant.Hdl.Ir;
using SmartQuant.Hw;

namespace SmartQuant.Cli.Commands;

/// <summary>
/// The options that pick a design — a built-in one (<c>--design</c>, <c>--config</c>) or a user's C# file
/// (<c>--design-file</c>, <c>--top</c>) — shared by gen, lint and synth so they read and fail the same way.
/// </summary>
public sealed class DesignSelection
{
    private readonly Option<string?> _design = CommonOptions.Design(required: false);
    private readonly Option<FileInfo?> _config = CommonOptions.Config();
    private readonly Option<FileInfo?> _designFile = new("--design-file") { Description = "a C# file describing a Module subclass (compiled at run time)" };
    private readonly Option<string?> _top = new("--top") { Description = "with --design-file: the Module class to elaborate when the file has several" };

    public void AddTo(Command command)
    {
        command.Options.Add(_design);
        command.Options.Add(_config);
        command.Options.Add(_designFile);
        command.Options.Add(_top);
    }

    /// <summary>Elaborates the selected design.</summary>
    public IrDesign Elaborate(ParseResult r)
    {
        var design = r.GetValue(_design);
        if (r.GetValue(_designFile) is { } file)
        {
            if (design is not null) throw new ArgumentException("give either --design or --design-file, not both");
            return DesignFileCompiler.Elaborate(file.FullName, r.GetValue(_top));
        }
        if (design is null) throw new ArgumentException("--design NAME or --design-file FILE.cs is required (see 'smartquant designs')");
        var entry = DesignCatalog.Find(design);
        return entry.Elaborate(DesignCatalog.LoadConfig(entry, r.GetValue(_config)?.FullName));
    }
}
