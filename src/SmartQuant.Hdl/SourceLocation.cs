namespace SmartQuant.Hdl;

/// <summary>Where in the user's C# a piece of hardware was described (captured with CallerFilePath/CallerLineNumber).</summary>
public readonly record struct SourceLocation(string FilePath, int Line)
{
    public static readonly SourceLocation Unknown = new("", 0);

    public bool IsKnown => Line > 0 && FilePath.Length > 0;

    /// <summary>File name and line, e.g. "MacPe.cs:23" — stable across machines, used in emitted comments.</summary>
    public string Short => IsKnown ? ShortCache.Get(FilePath, Line) : "<unknown>";

    /// <summary>Path relative to the working directory where possible, for error messages a user can click.</summary>
    public override string ToString()
    {
        if (!IsKnown) return "<unknown location>";
        var rel = Path.GetRelativePath(Directory.GetCurrentDirectory(), FilePath);
        return $"{(rel.StartsWith("..") ? FilePath : rel)}:{Line}";
    }
}

/// <summary>
/// "File.cs:line" strings are needed for every declaration and statement: build each one once. Paths come from
/// CallerFilePath (interned literals), so they are looked up by reference, without hashing the path text.
/// </summary>
internal static class ShortCache
{
    [ThreadStatic] private static Dictionary<string, string?[]>? _byPath;

    public static string Get(string path, int line)
    {
        var byPath = _byPath ??= new Dictionary<string, string?[]>(ReferenceEqualityComparer.Instance);
        if (!byPath.TryGetValue(path, out var lines) || lines.Length <= line)
        {
            var grown = new string?[Math.Max(line + 1, 2 * (lines?.Length ?? 64))];
            lines?.CopyTo(grown, 0);
            byPath[path] = lines = grown;
        }
        return lines[line] ??= $"{Path.GetFileName(path)}:{line}";
    }
}
