using System.CommandLine;

namespace SmartQuant.Cli;

/// <summary>
/// Runs the parsed command line with the project's error contract: a user error is one line on
/// stderr and exit code 2, never a stack trace; an internal fault keeps its stack trace (exit 3).
/// </summary>
public static class CliRunner
{
    public const int UserErrorExit = 2;

    public static int Run(RootCommand root, string[] args)
    {
        // Before Spectre.Console first looks at the console, so its output goes through the guard too.
        if (Console.Out is not StdoutGuard) Console.SetOut(new StdoutGuard(Console.Out));
        if (Console.IsOutputRedirected)
        {
            // Logs and CI: plain text, wide enough that tables do not wrap.
            Spectre.Console.AnsiConsole.Profile.Capabilities.Ansi = false;
            Spectre.Console.AnsiConsole.Profile.Width = 200;
        }
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && !IsHelpRequest(args))
        {
            Console.Error.WriteLine($"error: {WithoutDotNetTypes(parse.Errors[0].Message)} (see 'smartquant {string.Join(' ', args.TakeWhile(a => !a.StartsWith('-')))} --help')");
            return UserErrorExit;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (UserErrors.IsUserError(e))
        {
            foreach (var line in UserErrors.Lines(e)) Console.Error.WriteLine($"error: {line}");
            return UserErrorExit;
        }
    }

    // System.CommandLine says "... as expected type 'System.Int64'."; a user should read what to type instead.
    private static readonly System.Text.RegularExpressions.Regex DotNetType = new(@"as expected type '([\w.`\[\], ]+)'");

    public static string WithoutDotNetTypes(string message) => DotNetType.Replace(message, m => m.Groups[1].Value switch
    {
        "System.Int32" or "System.Int64" or "System.UInt32" or "System.UInt64" or "System.Int16" or "System.Byte" => "as an integer",
        "System.Double" or "System.Single" or "System.Decimal" => "as a number",
        "System.Boolean" => "as true or false",
        _ => "as a valid value",
    });

    private static bool IsHelpRequest(string[] args) => args.Any(a => a is "--help" or "-h" or "-?");
}
