namespace SmartQuant.Cli;

/// <summary>Which exceptions are the user's mistakes (bad input, bad design, missing tool) rather than our bugs.</summary>
public static class UserErrors
{
    public static bool IsUserError(Exception e) => e switch
    {
        SmartQuant.Hdl.HdlException => true,
        SmartQuant.Emit.OutputPathException => true,
        ArgumentException or FormatException or InvalidDataException => true,
        FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException => true,
        System.Text.Json.JsonException => true,
        _ => false,
    };

    /// <summary>One line per finding: an elaboration check pass reports all of its findings, sorted by file and line.</summary>
    public static IEnumerable<string> Lines(Exception e) => e is SmartQuant.Hdl.ElaborationException { All.Count: > 1 } all
        ? all.All.Select(OneLine)
        : [OneLine(e)];

    /// <summary>The message folded onto one line.</summary>
    public static string OneLine(Exception e) => e.Message.ReplaceLineEndings(" ").Trim();
}
