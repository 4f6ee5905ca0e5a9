using CliWrap;
using CliWrap.Buffered;
using SmartQuant.Hdl;

namespace SmartQuant.Eda;

/// <summary>Runs an external EDA tool through CliWrap; a missing tool is one clear line, not a stack trace.</summary>
public static class ToolRunner
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public string Combined => (StdOut + StdErr).Trim();
    }

    public static Result Run(string tool, IEnumerable<string> args, string? workingDirectory = null, CancellationToken ct = default)
    {
        Require(tool);
        var cmd = Cli.Wrap(tool).WithArguments(args).WithValidation(CommandResultValidation.None);
        if (workingDirectory is not null) cmd = cmd.WithWorkingDirectory(workingDirectory);
        var r = cmd.ExecuteBufferedAsync(ct).GetAwaiter().GetResult();
        return new Result(r.ExitCode, r.StandardOutput, r.StandardError);
    }

    /// <summary>Throws a one-line error when <paramref name="tool"/> is not on PATH.</summary>
    public static void Require(string tool)
    {
        if (Find(tool) is null) throw new HdlException($"{tool} not found — run `make setup`");
    }

    public static string? Find(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var p = Path.Combine(dir, tool);
            if (File.Exists(p)) return p;
        }
        return null;
    }
}
