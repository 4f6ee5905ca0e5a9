using System.Diagnostics;
using System.Runtime.InteropServices;
using SmartQuant.Emit;

namespace SmartQuant.Sim.Regress;

/// <summary>
/// Runs one case in this process (the worker side of <see cref="WorkerPool"/>). A divergence leaves its report,
/// waveform window, GTKWave view and manifest in <c>OUT/failures/ID/</c>.
/// </summary>
public static partial class CaseRunner
{
    /// <summary>
    /// Test hook for the failure paths: "abort:ID" or "hang:ID" makes the worker of that case crash or hang;
    /// "diverge:ID@CYCLE" makes its golden model expect a flipped bit from that cycle on.
    /// </summary>
    public const string FaultVariable = "SMARTQUANT_REGRESS_FAULT";

    public static string FailureDirectory(string outDir, string id) => Path.Combine(outDir, "failures", id);

    /// <summary>Where a case's coverage counters go when the regression collects coverage.</summary>
    public static string CoverageFile(string outDir, string id) => Path.Combine(outDir, "coverage", id + ".dat");

    public static CaseResult Run(RegressCase c, string outDir, bool coverage = false)
    {
        InjectFault(c.Id);
        var started = Stopwatch.StartNew();
        var failureDir = FailureDirectory(outDir, c.Id);
        SimResult r;
        try
        {
            r = LockstepEngine.Run(WithInjectedDivergence(c), new SimOptions
            {
                Cycles = c.Cycles,
                Seed = c.Seed,
                Config = c.Config,
                WavesDirectory = failureDir,
                Label = c.Test,
                CoveragePath = coverage ? CoverageFile(outDir, c.Id) : null,
            });
        }
        catch (Exception e)
        {
            var error = new CaseResult(c.Id, Outcome.Error, 0, started.Elapsed.TotalSeconds, $"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}", failureDir);
            Manifest.Write(failureDir, c, error);
            return error;
        }
        if (r.Passed) return new CaseResult(c.Id, Outcome.Pass, r.Cycles, started.Elapsed.TotalSeconds);

        var d = r.Divergence!;
        var result = new CaseResult(c.Id, Outcome.Fail, r.Cycles, started.Elapsed.TotalSeconds,
            $"first divergence at cycle {d.Cycle} on port {d.Mismatches[0].Port.Name}", failureDir);
        OutputWriter.WriteAtomic(Path.Combine(failureDir, "report.txt"), d + Environment.NewLine);
        Manifest.Write(failureDir, c, result);
        return result;
    }

    private static void InjectFault(string id)
    {
        var fault = Environment.GetEnvironmentVariable(FaultVariable);
        if (string.IsNullOrEmpty(fault)) return;
        if (fault == $"abort:{id}") Abort();
        if (fault == $"hang:{id}") Thread.Sleep(Timeout.Infinite);
    }

    private static ISimTest WithInjectedDivergence(RegressCase c)
    {
        var fault = Environment.GetEnvironmentVariable(FaultVariable) ?? "";
        var prefix = $"diverge:{c.Id}@";
        return fault.StartsWith(prefix, StringComparison.Ordinal) && long.TryParse(fault[prefix.Length..], out var at)
            ? new DivergingTest(c.SimTest, at) : c.SimTest;
    }

    /// <summary>A test whose golden model flips bit 0 of its first output from cycle <paramref name="at"/> on.</summary>
    private sealed class DivergingTest(ISimTest inner, long at) : ISimTest
    {
        public string Name => inner.Name;
        public string Design => inner.Design;
        public string Description => inner.Description + " (with an injected divergence)";
        public IReadOnlyList<DontCare> DontCares(SmartQuant.Hdl.Simulation.PortMap map) => [];
        public IStimulusDriver CreateDriver(SmartQuant.Hdl.DesignConfig config, SmartQuant.Hdl.Simulation.PortMap map, ulong seed) => inner.CreateDriver(config, map, seed);
        public SmartQuant.Hdl.Simulation.ICycleModel CreateGolden(SmartQuant.Hdl.DesignConfig config, SmartQuant.Hdl.Simulation.PortMap map) =>
            new Flipping(inner.CreateGolden(config, map), map, at);

        private sealed class Flipping(SmartQuant.Hdl.Simulation.ICycleModel golden, SmartQuant.Hdl.Simulation.PortMap map, long at) : SmartQuant.Hdl.Simulation.ICycleModel, IWrappingModel
        {
            private long _cycle;
            public SmartQuant.Hdl.Simulation.ICycleModel Inner => golden;
            public void Reset() { golden.Reset(); _cycle = 0; }
            public void Evaluate(SmartQuant.Hdl.Simulation.PortValues inputs, SmartQuant.Hdl.Simulation.PortValues outputs)
            {
                golden.Evaluate(inputs, outputs);
                if (_cycle >= at) outputs.Words[map.Outputs[0].Offset] ^= 1;
            }
            public void Tick(SmartQuant.Hdl.Simulation.PortValues inputs) { golden.Tick(inputs); _cycle++; }
        }
    }

    /// <summary>A real native abort (SIGABRT), as a crash inside the Verilated model would be.</summary>
    [LibraryImport("libc", EntryPoint = "abort")]
    private static partial void Abort();
}
