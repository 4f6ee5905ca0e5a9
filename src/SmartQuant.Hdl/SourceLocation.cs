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

/// <summary>"File.cs:line" strings are built for every declaration of every instance: build each one once.</summary>
internal static class ShortCache
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, int), string> Cache = new();

    public static string Get(string path, int line) => Cache.GetOrAdd((path, line), k => $"{Path.GetFileName(k.Item1)}:{k.Item2}");
}
