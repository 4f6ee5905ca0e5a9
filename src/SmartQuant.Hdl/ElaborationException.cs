namespace SmartQuant.Hdl;

/// <summary>
/// A mistake in a hardware description, reported as "File.cs:line: message" so the user lands on their own line.
/// A check pass reports every mistake it finds at once (<see cref="All"/>, sorted by file and line, one line each);
/// <see cref="Location"/> and <see cref="Problem"/> are then the first of them.
/// </summary>
public sealed class ElaborationException : HdlException
{
    public SourceLocation Location { get; }
    public string Problem { get; }
    /// <summary>Every finding of the pass, sorted by file and line (this exception alone for a single finding).</summary>
    public IReadOnlyList<ElaborationException> All { get; }

    public ElaborationException(SourceLocation location, string problem)
        : base($"{location}: {problem}")
    {
        Location = location;
        Problem = problem;
        All = [this];
    }

    private ElaborationException(IReadOnlyList<ElaborationException> sorted)
        : base(string.Join("\n", sorted.Select(e => e.Message)))
    {
        Location = sorted[0].Location;
        Problem = sorted[0].Problem;
        All = sorted;
    }

    /// <summary>Throws the findings of a pass, if any: one exception listing all of them by file, line and text.</summary>
    public static void ThrowIfAny(IEnumerable<ElaborationException> findings)
    {
        var sorted = findings
            .OrderBy(e => e.Location.FilePath, StringComparer.Ordinal)
            .ThenBy(e => e.Location.Line)
            .ThenBy(e => e.Problem, StringComparer.Ordinal)
            .ToList();
        if (sorted.Count == 1) throw sorted[0];
        if (sorted.Count > 1) throw new ElaborationException(sorted);
    }
}
