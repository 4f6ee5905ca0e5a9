namespace SmartQuant.Hdl;

/// <summary>Where in the user's C# a piece of hardware was described (captured with CallerFilePath/CallerLineNumber).</summary>
public readonly record struct SourceLocation(string FilePath, int Line)
{
    public static readonly SourceLocation Unknown = new("", 0);

    public bool IsKnown => Line > 0 && FilePath.Length > 0;

    /// <summary>File name and line, e.g. "MacPe.cs:23" — stable across machines, used in emitted comments.</summary>
    public string Short => IsKnown ? $"{Path.GetFileName(FilePath)}:{Line}" : "<unknown>";

    /// <summary>Path relative to the working directory where possible, for error messages a user can click.</summary>
    public override string ToString()
    {
        if (!IsKnown) return "<unknown location>";
        var rel = Path.GetRelativePath(Directory.GetCurrentDirectory(), FilePath);
        return $"{(rel.StartsWith("..") ? FilePath : rel)}:{Line}";
    }
}
