using SmartQuant.Hdl;
using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw;
using SmartQuant.Sim;

namespace SmartQuant.Cli.Bench;

/// <summary>
/// Checked lockstep co-simulation of cxl-store's default test on its default configuration (driver with the DRAM model
/// and the KBitView reference + Verilated model + golden model + compare) against the plain C++ Verilator harness on
/// the same stimulus. The driver reacts to the RTL's outputs, so the stimulus is recorded from a checked lockstep run
/// (a recording driver wrapper) rather than from the driver alone. Target: ≥ 50 %.
/// </summary>
public sealed class CxlCoSimSpeedBench : IBenchmark
{
    public const long Cycles = 200_000;
    public const ulong Seed = 1;
    public string Name => "sim.lockstep-cxl-store";

    public BenchResult Run(TextWriter log)
    {
        var entry = DesignCatalog.Find("cxl-store");
        var test = SimTestCatalog.Find("cxl-store");
        var harness = VerilatorBuild.BuildHarness(entry.Elaborate(entry.DefaultConfig));
        var vectors = Path.Combine(Path.GetTempPath(), $"sq-bench-cxl-{Environment.ProcessId}.bin");
        using (var w = new BinaryWriter(File.Create(vectors)))
        {
            var recording = (SimTest)test with { Driver = (c, m, s) => new Recorder(test.CreateDriver(c, m, s), m, w) };
            var r = LockstepEngine.Run(recording, new SimOptions { Cycles = Cycles, Seed = Seed });
            if (!r.Passed) throw new InvalidOperationException($"benchmark run diverged:\n{r.Divergence}");
        }
        double cpp = 0, cs = 0;
        for (var i = 0; i < 3; i++)
        {
            cpp = Math.Max(cpp, CoSimSpeedBench.RunHarness(harness.Path, vectors));
            var r = LockstepEngine.Run(test, new SimOptions { Cycles = Cycles, Seed = Seed });
            if (!r.Passed) throw new InvalidOperationException($"benchmark run diverged:\n{r.Divergence}");
            cs = Math.Max(cs, r.CyclesPerSecond);
        }
        File.Delete(vectors);
        var ratio = cs / cpp;
        log.WriteLine($"  C++ harness {cpp / 1e3:0.0} k cycles/s, checked C# lockstep {cs / 1e3:0.0} k cycles/s");
        return new BenchResult(Name, $"{cs / 1e3:0.0} k/s checked vs {cpp / 1e3:0.0} k/s C++ = {ratio:P0}", "≥ 50 % of C++", ratio >= 0.5);
    }

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
