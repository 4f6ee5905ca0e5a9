using SmartQuant.Emit.Verilog;
using SmartQuant.Hdl.Ir;

namespace SmartQuant.Emit;

/// <summary>One emitted file, relative to the output directory.</summary>
public sealed record EmittedFile(string Name, string Content);

/// <summary>
/// Emits plain Verilog-2005 for an elaborated design: one file per module definition (children first) and a
/// <c>files.f</c> filelist (names relative to its own directory, in dependency order). Output is a pure function of
/// the IR, so the same design always gives byte-identical files.
/// </summary>
public static class VerilogEmitter
{
    public static IReadOnlyList<EmittedFile> Emit(IrDesign design)
    {
        var files = design.Modules
            .Select(m => new EmittedFile($"{m.Name}.v", new ModuleEmitter(design, m).Render()))
            .ToList();
        files.Add(new EmittedFile("files.f", TemplateRenderer.Render("files.f.scriban", new { Files = files.Select(f => f.Name).ToList() })));
        return files;
    }
}
