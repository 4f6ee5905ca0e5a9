using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis.Text;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using SmartQuant.Analyzers;
using SmartQuant.Hdl;
using SmartQuant.Hdl.Ir;
using Module = SmartQuant.Hdl.Module;

namespace SmartQuant.DesignFile;

/// <summary>
/// Compiles a user's hardware-description file at run time against the construction kit (Roslyn), finds its top
/// module class and elaborates it, so a new block needs no change to the solution. Compile errors are reported as
/// "file:line:col: error CSxxxx: …", elaboration errors as "file:line: …" in the user's file.
/// </summary>
public static class DesignFileCompiler
{
    public static IrDesign Elaborate(string path, string? topClass = null)
    {
        var assembly = Compile(path);
        var type = FindTop(assembly, path, topClass);
        Module top;
        try { top = (Module)Activator.CreateInstance(type)!; }
        catch (TargetInvocationException e) when (e.InnerException is HdlException inner) { throw inner; }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new HdlException($"{path}: constructing {type.Name} threw {e.InnerException.GetType().Name}: {e.InnerException.Message}");
        }
        return Elaborator.Elaborate(top, Naming(type), "");
    }

    public static Assembly Compile(string path)
    {
        if (!File.Exists(path)) throw new HdlException($"design file '{path}' not found");
        var full = Path.GetFullPath(path);
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var tree = CSharpSyntaxTree.ParseText(SourceText.From(File.ReadAllText(full), Encoding.UTF8), parseOptions, path: full);
        var compilation = WithLocalNames(parseOptions, CSharpCompilation.Create(
            $"design_{Path.GetFileNameWithoutExtension(full)}",
            [tree, CSharpSyntaxTree.ParseText(SourceText.From(GlobalUsings, Encoding.UTF8), path: "GlobalUsings.g.cs")],
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
                optimizationLevel: OptimizationLevel.Debug)));

        using var pe = new MemoryStream();
        using var pdb = new MemoryStream();
        var result = compilation.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            var first = errors[0];
            var span = first.Location.GetLineSpan();
            var more = errors.Count > 1 ? $" (and {errors.Count - 1} more error(s))" : "";
            throw new HdlException($"{Relative(span.Path)}:{span.StartLinePosition.Line + 1}:{span.StartLinePosition.Character + 1}: error {first.Id}: {first.GetMessage()}{more}");
        }
        var context = new AssemblyLoadContext($"design:{full}", isCollectible: true);
        pe.Position = 0;
        pdb.Position = 0;
        return context.LoadFromStream(pe, pdb);
    }

    /// <summary>
    /// Runs the generator the solution's hardware projects run at build time, so registers held in locals of a
    /// design file are named after them exactly as in hw/ (see LocalNamesGenerator).
    /// </summary>
    private static CSharpCompilation WithLocalNames(CSharpParseOptions parseOptions, CSharpCompilation compilation)
    {
        var driver = CSharpGeneratorDriver.Create([new LocalNamesGenerator().AsSourceGenerator()], parseOptions: parseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var updated, out _);
        if (driver.GetRunResult().Results.Select(r => r.Exception).FirstOrDefault(e => e is not null) is { } crash)
            throw new HdlException($"internal error: the local-names generator failed: {crash.Message}");
        return (CSharpCompilation)updated;
    }

    private const string GlobalUsings = "global using System; global using System.Linq; global using System.Collections.Generic; global using SmartQuant.Hdl;";

    private static Type FindTop(Assembly assembly, string path, string? topClass)
    {
        var modules = assembly.GetTypes().Where(t => typeof(Module).IsAssignableFrom(t) && !t.IsAbstract).ToList();
        if (topClass is not null)
            return modules.FirstOrDefault(t => t.Name == topClass || t.FullName == topClass)
                   ?? throw new HdlException($"{path}: no Module class named '{topClass}' (found: {string.Join(", ", modules.Select(t => t.Name))})");
        // A top needs no arguments; submodule classes usually take parameters. With several candidates the user chooses.
        var candidates = modules.Where(t => t.GetConstructor(Type.EmptyTypes) is not null).ToList();
        return candidates.Count switch
        {
            1 => candidates[0],
            0 => throw new HdlException($"{path}: no Module subclass with a public parameterless constructor to use as top"),
            _ => throw new HdlException($"{path}: several candidate top modules ({string.Join(", ", candidates.Select(t => t.Name))}); choose one with --top"),
        };
    }

    private static IEnumerable<MetadataReference> References()
    {
        var tpa = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var kit = typeof(Module).Assembly.Location;
        return tpa.Append(kit).Distinct().Where(File.Exists).Select(p => MetadataReference.CreateFromFile(p));
    }

    private static string Naming(Type t) => NamingHelpers.Kebab(t.Name);

    private static string Relative(string path)
    {
        var rel = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
        return rel.StartsWith("..") ? path : rel;
    }
}
