using System.Diagnostics;
using SmartQuant.Hw;
using SmartQuant.Hw.MacArray;
using SmartQuant.Sim;

namespace SmartQuant.Experiments.Bench;

/// <summary>
/// Cold Verilator build of the 8×8 mac-array shim (empty cache) against a rebuild of the unchanged design
/// (elaborate + emit + hash + cache hit). Target: the cached rebuild is ≥ 20× faster.
/// </summary>
public sealed class BuildCacheBench : IBenchmark
{
    public string Name => "sim.build-cache-mac-array-8x8";

    public BenchResult Run(TextWriter log)
    {
        var root = Path.Combine(Path.GetTempPath(), $"sq-bench-cache-{Environment.ProcessId}");
        var cache = new BuildCache(root);
        var entry = DesignCatalog.Find("mac-array");
        var config = new MacArrayConfig(rows: 8, cols: 8);
        try
        {
            _ = VerilatorBuild.VerilatorVersion; // the version probe is once per process, not part of either build
            var cold = Time(() => VerilatorBuild.Build(entry.Elaborate(config), cache: cache), out var first);
            var warm = TimeSpan.MaxValue;
            for (var i = 0; i < 5; i++)
            {
                var t = Time(() => VerilatorBuild.Build(entry.Elaborate(config), cache: cache), out var again);
                if (!again.FromCache || again.Key != first.Key) throw new InvalidOperationException("unchanged design was rebuilt");
                if (t < warm) warm = t;
            }
            var ratio = cold.TotalSeconds / warm.TotalSeconds;
            log.WriteLine($"  cold {cold.TotalSeconds:0.00} s, cached {warm.TotalMilliseconds:0.0} ms");
            return new BenchResult(Name, $"cold {cold.TotalSeconds:0.00} s, cached {warm.TotalMilliseconds:0.0} ms = {ratio:0}×", "cached ≥ 20× faster", ratio >= 20);
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    private static TimeSpan Time(Func<SimLibrary> build, out SimLibrary result)
    {
        var sw = Stopwatch.StartNew();
        result = build();
        return sw.Elapsed;
    }
}
