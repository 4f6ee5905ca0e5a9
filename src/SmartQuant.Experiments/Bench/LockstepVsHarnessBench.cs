using System.Globalization;
using System.Text.RegularExpressions;
using SmartQuant.Eda;
using SmartQuant.Hdl;
using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw;
using SmartQuant.Sim;

namespace SmartQuant.Experiments.Bench;

/// <summary>
/// Checked lockstep co-simulation of one design's test (driver + Verilated model through the shim + golden model +
/// compare, every cycle) against a plain C++ Verilator harness replaying the same inputs and reading + hashing every
/// output word. Drivers may react to the RTL's outputs, so the inputs are recorded from a checked lockstep run (which
/// also warms up JIT and caches). Target: the checked run at ≥ 50 % of the harness's speed; best of three each, for the
/// engine's two schedules (checker on a second thread — the default on multi-core machines — and one thread).
/// </summary>
public sealed partial class LockstepVsHarnessBench(string name, string design, string? test, Func<DesignConfig>? config, long cycles) : IBenchmark
{
    private const ulong Seed = 1;
    public string Name => name;

    public BenchResult Run(TextWriter log)
    {
        var (cpp, piped, serial) = Measure(log);
        var (ratio, serialRatio) = (piped / cpp, serial / cpp);
        // The engine's default on a multi-core machine is the checker thread; the one-thread figure is shown beside it.
        return new BenchResult(Name, $"{piped / 1e3:0.0} k/s checked vs {cpp / 1e3:0.0} k/s C++ = {ratio:P0} " +
                                     $"(one thread {serial / 1e3:0.0} k/s = {serialRatio:P0})", "≥ 50 % of C++", ratio >= 0.5);
    }

    /// <summary>Cycles per second (best of three each) of the plain C++ harness and of the checked run with the checker
    /// on its own thread and on one thread.</summary>
    public (double Cpp, double Piped, double Serial) Measure(TextWriter log)
    {
        var entry = DesignCatalog.Find(design);
        var cfg = config?.Invoke() ?? entry.DefaultConfig;
        var simTest = SimTestCatalog.Find(design, test);
        var harness = VerilatorBuild.BuildHarness(entry.Elaborate(cfg));
        var vectors = Path.Combine(Path.GetTempPath(), $"sq-bench-{design}-{Environment.ProcessId}.bin");
        try
        {
            using (var w = new BinaryWriter(File.Create(vectors)))
            {
                var recording = new SimTest(simTest.Design, simTest.Name, simTest.Description, simTest.CreateGolden,
                    (c, m, s) => new Recorder(simTest.CreateDriver(c, m, s), m, w), simTest.DontCares);
                Checked(recording, cfg);
            }
            double cpp = 0, piped = 0, serial = 0;
            for (var i = 0; i < 3; i++)
            {
                cpp = Math.Max(cpp, RunHarness(harness.Path, vectors));
                piped = Math.Max(piped, Checked(simTest, cfg, checkerThread: true).CyclesPerSecond);
                serial = Math.Max(serial, Checked(simTest, cfg, checkerThread: false).CyclesPerSecond);
            }
            log.WriteLine($"{Name}: C++ harness {cpp / 1e3:0.0} k cycles/s, checked lockstep {piped / 1e3:0.0} k cycles/s " +
                          $"(checker thread), {serial / 1e3:0.0} k cycles/s (one thread)");
            return (cpp, piped, serial);
        }
        finally
        {
            File.Delete(vectors);
        }
    }

    private SimResult Checked(ISimTest t, DesignConfig cfg, bool? checkerThread = null)
    {
        var r = LockstepEngine.Run(t, new SimOptions { Cycles = cycles, Seed = Seed, Config = cfg, CheckerThread = checkerThread });
        return r.Passed ? r : throw new InvalidOperationException($"benchmark run diverged:\n{r.Divergence}");
    }

    private static double RunHarness(string exe, string vectors)
    {
        var r = ToolRunner.Run(exe, [vectors, LockstepEngine.VerilatorSeed(Seed).ToString(CultureInfo.InvariantCulture)]);
        var m = ResultRegex().Match(r.StdOut);
        if (r.ExitCode != 0 || !m.Success) throw new InvalidOperationException($"bench harness failed: {r.Combined}");
        return long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) / double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"cycles=(\d+) seconds=([0-9.]+)")]
    private static partial Regex ResultRegex();

    /// <summary>Passes the inner driver's inputs through and appends them to the vector file (packed little-endian u64s).</summary>
    private sealed class Recorder(IStimulusDriver inner, PortMap map, BinaryWriter w) : IStimulusDriver
    {
        public void Drive(long cycle, PortValues inputs, PortValues outputs)
        {
            inner.Drive(cycle, inputs, outputs);
            foreach (var word in inputs.Words.AsSpan(0, map.InputWords)) w.Write(word);
        }
    }
}
