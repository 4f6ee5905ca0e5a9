namespace SmartQuant.Hdl;

/// <summary>
/// A mistake in a hardware description, reported as "File.cs:line: message" so the user lands on their own line.
/// </summary>
public sealed class ElaborationException : HdlException
{
    public SourceLocation Location { get; }
    public string Problem { get; }

    public ElaborationException(SourceLocation location, string problem)
        : base($"{location}: {problem}")
    {
        Location = location;
        Problem = problem;
    }
}
