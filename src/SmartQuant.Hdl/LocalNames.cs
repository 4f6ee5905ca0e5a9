using System.Reflection;
using System.Runtime.CompilerServices;

namespace SmartQuant.Hdl;

/// <summary>
/// Written by the SmartQuant.Analyzers source generator, one per source line whose kit declarations
/// (In/Out/Wire/Reg/Mem/Instance/Reuse) all go straight into local variables: the C# names those declarations take,
/// in the order they run. <see cref="File"/> and <see cref="Line"/> are exactly what CallerFilePath and
/// CallerLineNumber report for them. An element of a local array initializer is named "local_index".
/// Not meant to be written by hand.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class LocalNameAttribute(string file, int line, params string[] names) : Attribute
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public IReadOnlyList<string> Names { get; } = names;
}

/// <summary>
/// Reads the <see cref="LocalNameAttribute"/> tables of the assemblies that describe a module. No global state is
/// written: each assembly carries its own table, so two run-time compilations of one file never mix.
/// </summary>
internal static class LocalNames
{
    /// <summary>Per assembly: file → line → names.</summary>
    private static readonly ConditionalWeakTable<Assembly, Dictionary<string, Dictionary<int, string[]>>> Tables = new();

    /// <summary>
    /// Looks up the local names declared on a location's line in the assemblies of the module's class and its base
    /// classes (most derived first), then in any other loaded assembly when exactly one of them knows the file.
    /// The lookup returns null when the line is not recorded.
    /// </summary>
    public static Func<SourceLocation, string[]?> For(Module module)
    {
        var chain = new List<Assembly>();
        for (var t = module.GetType(); t is not null && t != typeof(Module); t = t.BaseType)
            if (!chain.Contains(t.Assembly)) chain.Add(t.Assembly);
        var files = new Dictionary<string, Dictionary<int, string[]>?>(StringComparer.Ordinal); // each file looked up once
        return at =>
        {
            if (!at.IsKnown) return null;
            if (!files.TryGetValue(at.FilePath, out var lines)) files[at.FilePath] = lines = LinesOf(at.FilePath, chain);
            return lines?.GetValueOrDefault(at.Line);
        };
    }

    private static Dictionary<int, string[]>? LinesOf(string file, List<Assembly> chain)
    {
        foreach (var a in chain)
            if (Of(a).TryGetValue(file, out var lines)) return lines;

        // A helper in another assembly (called with this module) declared it: use that assembly's table if only
        // one loaded assembly describes the file; otherwise the answer would depend on what happens to be loaded.
        Dictionary<int, string[]>? only = null;
        foreach (var a in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (a.IsDynamic || chain.Contains(a) || !Of(a).TryGetValue(file, out var lines)) continue;
            if (only is not null) return null;
            only = lines;
        }
        return only;
    }

    private static Dictionary<string, Dictionary<int, string[]>> Of(Assembly assembly) => Tables.GetValue(assembly, static a =>
    {
        var byFile = new Dictionary<string, Dictionary<int, string[]>>(StringComparer.Ordinal);
        // Only assemblies built against the kit can carry the attribute; reading others' attributes could load types
        // that are not there.
        var kit = typeof(LocalNameAttribute).Assembly.GetName().Name;
        if (!a.GetReferencedAssemblies().Any(r => r.Name == kit)) return byFile;
        foreach (var attr in a.GetCustomAttributes<LocalNameAttribute>())
        {
            if (!byFile.TryGetValue(attr.File, out var lines)) byFile[attr.File] = lines = [];
            lines[attr.Line] = [.. attr.Names];
        }
        return byFile;
    });
}
