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
/// engine's two schedules (checker on a second thread — the default on multi-core machines — and one thread). Every
/// rate is given twice: per wall-clock second (what this run saw on this machine) and per CPU second (cycles over the
/// process's CPU time, all threads), which is what an idle core pays and so does not move with the machine's load.
/// </summary>
public sealed partial class LockstepVsHarnessBench(string name, string design, string? test, Func<DesignConfig>? config, long cycles) : IBenchmark
{
    private const ulong Seed = 1;
    public string Name => name;

    public BenchResult Run(TextWriter log)
    {
        var (cpp, piped, serial) = Measure(log).Wall;
        var (ratio, serialRatio) = (piped / cpp, serial / cpp);
        // The engine's default on a multi-core machine is the checker thread; the one-thread figure is shown beside it.
        return new BenchResult(Name, $"{piped / 1e3:0.0} k/s checked vs {cpp / 1e3:0.0} k/s C++ = {ratio:P0} " +
                                     $"(one thread {serial / 1e3:0.0} k/s = {serialRatio:P0})", "≥ 50 % of C++", ratio >= 0.5);
    }

    /// <summary>Cycles per second (best of three each) of the plain C++ harness and of the checked run with the checker
    /// on its own thread and on one thread: per wall-clock second and per CPU second.</summary>
    public Rates Measure(TextWriter log)
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
            var (wall, cpu) = (new Triple(), new Triple());
            for (var i = 0; i < 3; i++)
            {
                var (cppWall, cppCpu) = RunHarness(harness.Path, vectors);
                var (p, s) = (Checked(simTest, cfg, checkerThread: true), Checked(simTest, cfg, checkerThread: false));
                wall = wall.Best(cppWall, p.CyclesPerSecond, s.CyclesPerSecond);
                cpu = cpu.Best(cppCpu, p.CyclesPerCpuSecond, s.CyclesPerCpuSecond);
            }
            log.WriteLine($"{Name}: C++ harness {wall.Cpp / 1e3:0.0} k cycles/s, checked lockstep {wall.Piped / 1e3:0.0} k cycles/s " +
                          $"(checker thread), {wall.Serial / 1e3:0.0} k cycles/s (one thread); per CPU second: {cpu.Cpp / 1e3:0.0} k, " +
                          $"{cpu.Piped / 1e3:0.0} k, {cpu.Serial / 1e3:0.0} k");
            return new Rates(wall, cpu);
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

    /// <summary>The harness's cycles per wall-clock second and per CPU second of its timed loop.</summary>
    private static (double Wall, double Cpu) RunHarness(string exe, string vectors)
    {
        var r = ToolRunner.Run(exe, [vectors, LockstepEngine.VerilatorSeed(Seed).ToString(CultureInfo.InvariantCulture)]);
        var m = ResultRegex().Match(r.StdOut);
        if (r.ExitCode != 0 || !m.Success) throw new InvalidOperationException($"bench harness failed: {r.Combined}");
        var cycles = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        double Per(int group) => cycles / Math.Max(double.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture), 1e-9);
        return (Per(2), Per(3));
    }

    [GeneratedRegex(@"cycles=(\d+) seconds=([0-9.]+) cpu_seconds=([0-9.]+)")]
    private static partial Regex ResultRegex();

    /// <summary>Cycles per second of the C++ harness and of the checked run (checker thread; one thread).</summary>
    public readonly record struct Triple(double Cpp, double Piped, double Serial)
    {
        public Triple Best(double cpp, double piped, double serial) => new(Math.Max(Cpp, cpp), Math.Max(Piped, piped), Math.Max(Serial, serial));
    }

    /// <summary>The three rates per wall-clock second and per CPU second (best of three runs each).</summary>
    public readonly record struct Rates(Triple Wall, Triple Cpu);

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
