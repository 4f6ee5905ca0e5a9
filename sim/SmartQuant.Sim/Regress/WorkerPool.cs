using System.Collections.Concurrent;
using CliWrap;
using CliWrap.Buffered;

namespace SmartQuant.Sim.Regress;

/// <summary>How a regression runs.</summary>
public sealed record RegressOptions
{
    /// <summary>The <c>smartquant.dll</c> a worker process runs (<c>dotnet smartquant.dll regress --worker ID …</c>).</summary>
    public required string CliAssembly { get; init; }
    /// <summary>Where results, failure folders and JUnit go.</summary>
    public required string OutDirectory { get; init; }
    public int Jobs { get; init; } = System.Environment.ProcessorCount;
    /// <summary>A case with no result after this long is killed and reported as a timeout.</summary>
    public TimeSpan WallClockLimit { get; init; } = TimeSpan.FromMinutes(15);
    /// <summary>Collect Verilator line/toggle coverage (coverage builds; one .dat per case under OUT/coverage).</summary>
    public bool Coverage { get; init; }
    /// <summary>Extra environment for workers (tests use it for fault injection).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();
}

/// <summary>
/// Runs cases in parallel, each in its own worker process, so a native crash or a hang fails that case alone with a
/// clear reason while the others go on. Verilator builds are shared between workers through the build cache.
/// </summary>
public static class WorkerPool
{
    public static IReadOnlyList<CaseResult> Run(IReadOnlyList<RegressCase> cases, RegressOptions options, Action<RegressCase>? started = null, Action<CaseResult>? finished = null)
    {
        Directory.CreateDirectory(options.OutDirectory);
        var results = new ConcurrentDictionary<string, CaseResult>();
        // Workers building the same configuration at once wait on the build cache's lock and then share the result.
        Parallel.ForEach(cases, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Jobs) }, c =>
        {
            started?.Invoke(c);
            var r = RunOne(c, options);
            results[c.Id] = r;
            finished?.Invoke(r);
        });
        return [.. cases.Select(c => results[c.Id])];
    }

    private static CaseResult RunOne(RegressCase c, RegressOptions options)
    {
        var resultFile = Path.Combine(options.OutDirectory, "results", c.Id + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(resultFile)!);
        File.Delete(resultFile);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var cts = new CancellationTokenSource(options.WallClockLimit);
        BufferedCommandResult? run = null;
        try
        {
            run = Cli.Wrap("dotnet")
                .WithArguments(["exec", options.CliAssembly, "regress", "--worker", c.Id, "--out", options.OutDirectory, "--result", resultFile,
                    .. options.Coverage ? new[] { "--coverage" } : []])
                .WithEnvironmentVariables(options.Environment)
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(cts.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            return Unfinished(c, options, Outcome.Timeout, $"no result after the {options.WallClockLimit.TotalSeconds:F0} s wall-clock limit; the worker was killed", watch.Elapsed, "");
        }
        if (File.Exists(resultFile)) return CaseResult.FromJson(File.ReadAllText(resultFile));
        var tail = string.Join(" | ", (run.StandardError + run.StandardOutput).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));
        return Unfinished(c, options, Outcome.Crash, $"worker died with exit code {run.ExitCode}{Signal(run.ExitCode)} before reporting a result", watch.Elapsed, tail);
    }

    private static CaseResult Unfinished(RegressCase c, RegressOptions options, Outcome outcome, string reason, TimeSpan elapsed, string output)
    {
        var dir = CaseRunner.FailureDirectory(options.OutDirectory, c.Id);
        var result = new CaseResult(c.Id, outcome, 0, elapsed.TotalSeconds, reason + (output.Length > 0 ? $" (last output: {output})" : ""), dir);
        Manifest.Write(dir, c, result);
        return result;
    }

    /// <summary>Exit codes 128+N mean "killed by signal N" (134 = SIGABRT, 139 = SIGSEGV).</summary>
    private static string Signal(int exitCode) => exitCode switch
    {
        134 => " (SIGABRT: aborted)",
        139 => " (SIGSEGV: segmentation fault)",
        137 => " (SIGKILL)",
        > 128 and < 160 => $" (signal {exitCode - 128})",
        _ => "",
    };
}
