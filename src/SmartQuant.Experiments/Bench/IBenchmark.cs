namespace SmartQuant.Experiments.Bench;

/// <summary>
/// One benchmark of `smartquant bench` (`make bench`). Targets are ratios or limits measured in one run,
/// never timed unit tests. Each benchmark lives in its own file in this folder and is listed in BenchCatalog.
/// </summary>
public interface IBenchmark
{
    /// <summary>Short stable name, e.g. "quant.gptq-4096".</summary>
    string Name { get; }

    /// <summary>Runs the measurement and reports what was measured against its target.</summary>
    BenchResult Run(TextWriter log);
}

/// <param name="Name">Benchmark name.</param>
/// <param name="Measured">What was measured, human readable (e.g. "41.2 s, 1.3 GiB peak").</param>
/// <param name="Target">The target it is held to (e.g. "< 60 s and < 2 GiB").</param>
/// <param name="Met">Whether the target was met.</param>
public sealed record BenchResult(string Name, string Measured, string Target, bool Met);
