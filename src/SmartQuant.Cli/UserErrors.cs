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

    /// <summary>The message folded onto one line.</summary>
    public static string OneLine(Exception e) => e.Message.ReplaceLineEndings(" ").Trim();
}
