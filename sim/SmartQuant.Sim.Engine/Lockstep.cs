using System.Diagnostics;
using SmartQuant.Hdl;
using SmartQuant.Hdl.Simulation;

namespace SmartQuant.Sim;

/// <summary>How to run one co-simulation.</summary>
public sealed record SimOptions
{
    public long Cycles { get; init; } = 100_000;
    /// <summary>Seeds the stimulus driver and (mixed) Verilator's random initial state; printed so a run replays.</summary>
    public ulong Seed { get; init; } = 1;
    /// <summary>Design configuration; null = the design's default.</summary>
    public DesignConfig? Config { get; init; }
    /// <summary>Where <c>&lt;test&gt;.fst</c>/<c>.gtkw</c> go: a failure's window always; the whole run when <see cref="TraceWholeRun"/>.</summary>
    public string? WavesDirectory { get; init; }
    /// <summary>Trace every cycle of a passing run too (the traced build; <c>smartquant sim --waves</c>).</summary>
    public bool TraceWholeRun { get; init; }
    /// <summary>Re-run a failure with the traced build around the divergence (default on).</summary>
    public bool WavesOnFailure { get; init; } = true;
    /// <summary>Called every <see cref="ProgressInterval"/> cycles with the cycle count so far.</summary>
    public Action<long>? Progress { get; init; }
    public long ProgressInterval { get; init; } = 1 << 16;
    /// <summary>Cycles of reset before cycle 0.</summary>
    public int ResetCycles { get; init; } = 2;
    public BuildCache? Cache { get; init; }
    /// <summary>C++ optimization of the model (<c>-O0</c>…<c>-O3</c>, <c>-Os</c>) instead of <see cref="VerilatorBuild.OptFast"/>:
    /// <c>-O1</c> suits runs of a few hundred cycles, whose time is mostly the compile. A cached build at the usual level is
    /// used when there is one.</summary>
    public string? OptFast { get; init; }
    /// <summary>When set, the run uses a <c>--coverage</c> build and writes its coverage counters here (Verilator coverage.dat).</summary>
    public string? CoveragePath { get; init; }
    /// <summary>
    /// Check on a second thread while the driver and the Verilated model run ahead (same results, see
    /// <see cref="LockstepExecution"/>); null = when the machine has more than one processor. Traced and coverage runs
    /// are always serial.
    /// </summary>
    public bool? CheckerThread { get; init; }
    /// <summary>Name used for wave files; default the test name.</summary>
    public string? Label { get; init; }
    /// <summary>Traced whole runs: the view's primary marker (and named marker A) at this cycle, the pane around it.</summary>
    public long? Mark { get; init; }
    /// <summary>
    /// When set, receives the design's line trace (<see cref="LineTraces"/>): one line per cycle from
    /// <see cref="LineTraceFrom"/> to <see cref="LineTraceTo"/>, in cycle order, up to and including a divergence.
    /// </summary>
    public Action<long, string>? LineTrace { get; init; }
    public long LineTraceFrom { get; init; }
    public long LineTraceTo { get; init; } = long.MaxValue;
}

/// <summary>Outcome of one co-simulation run; <see cref="Summary"/> is the one line the CLI ends with. <see cref="Elapsed"/>
/// is wall-clock time of the run; <see cref="Cpu"/> the process's CPU time over the same interval (every thread: model,
/// checker, runtime), which does not depend on what else the machine runs.</summary>
public sealed record SimResult(string Design, string Test, long Cycles, ulong Seed, DivergenceReport? Divergence,
    TimeSpan Elapsed, SimLibrary Library, string? WavesPath = null, string? ViewPath = null, TimeSpan Cpu = default)
{
    public bool Passed => Divergence is null;
    public double CyclesPerSecond => Cycles / Math.Max(Elapsed.TotalSeconds, 1e-9);
    /// <summary>Cycles per second of process CPU time.</summary>
    public double CyclesPerCpuSecond => Cycles / Math.Max(Cpu.TotalSeconds, 1e-9);
    public string Summary => Passed
        ? $"PASS design={Design} test={Test} cycles={Cycles} seed={Seed}"
        : $"FAIL design={Design} test={Test} cycles={Cycles} seed={Seed} cycle={Divergence!.Cycle} port={Divergence.Mismatches[0].Port.Name}";
}

/// <summary>
/// Lockstep co-simulation of any design: every cycle the driver sets the inputs, the Verilated model and the golden
/// model see the same inputs, and every output is compared (per-port don't-care rules aside). Stops at the first
/// divergence with a <see cref="DivergenceReport"/>, then re-runs the traced build from cycle − 200 to cycle + 20 for
/// waveforms. The per-cycle path allocates nothing; the golden model may run on a second thread
/// (<see cref="SimOptions.CheckerThread"/>). The engine knows no built-in design: it takes a
/// <see cref="DesignUnderTest"/> (an elaborated module, its config, its line trace) and an <see cref="ISimTest"/> (golden
/// model, driver, don't-cares). Built-in designs are looked up in <c>LockstepEngine</c> (SmartQuant.Sim), a block or a
/// user's design file goes through <see cref="Testbench{TModule}"/>.
/// </summary>
public static class Lockstep
{
    public const int WindowBefore = 200, WindowAfter = 20;
    /// <summary>Cycles in the report's table (the divergent cycle and the ones before it).</summary>
    public const int TableCycles = LockstepChecker.HistoryDepth;

    /// <summary>Runs a testbench: elaborates its module and co-simulates it against its golden model.</summary>
    public static SimResult Run(ITestbench bench, SimOptions options)
    {
        var (dut, test) = bench.Elaborate();
        return Run(dut, test, options);
    }

    /// <summary>Runs <paramref name="test"/> on <paramref name="dut"/>; <see cref="SimOptions.Config"/>, when set, must be the config it was elaborated for.</summary>
    public static SimResult Run(DesignUnderTest dut, ISimTest test, SimOptions options)
    {
        if (options.Config is { } asked && !ReferenceEquals(asked, dut.Config) && !asked.Equals(dut.Config))
            throw new HdlException($"SimOptions.Config asks for {asked.ToJson().ReplaceLineEndings(" ")} but '{dut.Ir.DesignName}' was elaborated for {dut.Config.ToJson().ReplaceLineEndings(" ")}");
        var ir = dut.Ir;
        var lib = dut.Bind(VerilatorBuild.Build(ir, trace: options.TraceWholeRun, options.Cache, coverage: options.CoveragePath is not null, optFast: options.OptFast));
        var label = options.Label ?? test.Name;
        var started = Stopwatch.StartNew();
        var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;

        string? fst = null, view = null;
        GoldenTrace? golden = null;
        if (options.TraceWholeRun)
        {
            fst = Path.Combine(options.WavesDirectory ?? RepoPaths.WavesRoot, $"{label}.fst");
            golden = new GoldenTrace(lib.Map);
        }
        var observer = golden is null && options.LineTrace is null ? null
            : new CycleObserver(golden, 0, options.LineTrace, options.LineTraceFrom, options.LineTraceTo);
        var run = new LockstepExecution(test, dut, lib, options);
        var divergence = run.Execute(options.Cycles, stopAtDivergence: true, traceFrom: fst is null ? null : 0, tracePath: fst,
            coveragePath: options.CoveragePath, observer: observer);
        var elapsed = started.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart;
        if (fst is not null) view = WriteView(lib, fst, golden!, test, divergence, options, label);

        if (divergence is not null && options.WavesOnFailure && !options.TraceWholeRun)
        {
            // Same seed, same stimulus, traced build: the waveform shows exactly the failing run, with the golden model beside it.
            var traced = dut.Bind(VerilatorBuild.Build(ir, trace: true, options.Cache, optFast: options.OptFast));
            fst = Path.Combine(options.WavesDirectory ?? RepoPaths.WavesRoot, $"{label}.fst");
            var from = Math.Max(0, divergence.Cycle - WindowBefore);
            golden = new GoldenTrace(traced.Map);
            var rerun = new LockstepExecution(test, dut, traced, options);
            rerun.Execute(Math.Min(options.Cycles, divergence.Cycle + WindowAfter + 1), stopAtDivergence: false,
                traceFrom: from, tracePath: fst, observer: new CycleObserver(golden, from, null, 0, -1));
            view = WriteView(traced, fst, golden, test, divergence, options, label);
        }
        if (divergence is not null) divergence = divergence with { WavesPath = fst, ViewPath = view };
        return new SimResult(test.Design, test.Name, divergence is null ? options.Cycles : divergence.Cycle + 1, options.Seed,
            divergence, elapsed, lib, fst, view, cpu);
    }

    /// <summary>Cycles the view of a failure shows: the report's table (<see cref="LockstepChecker.HistoryDepth"/> cycles) and a few after.</summary>
    public const int ViewCycles = LockstepChecker.HistoryDepth + 4;

    /// <summary>Merges the golden model into the FST and writes the <c>.gtkw</c> view beside it.</summary>
    private static string WriteView(SimLibrary lib, string fst, GoldenTrace golden, ISimTest test, DivergenceReport? d, SimOptions options, string label)
    {
        var path = Path.ChangeExtension(fst, ".gtkw");
        var hasGolden = GoldenFst.Merge(fst, golden, options.ResetCycles);
        long Time(long cycle) => LockstepExecution.TimeOfCycle(cycle, options.ResetCycles);
        WaveView view;
        var title = $"{test.Design}/{test.Name} seed {options.Seed}";
        if (d is not null)
        {
            // Open on the report's table: its first cycle at the left edge, the divergence near the right, four cycles after it.
            var first = Math.Max(0, d.Cycle - (LockstepChecker.HistoryDepth - 1));
            var m = d.Mismatches[0];
            var label0 = $"first divergence: cycle {d.Cycle}, {m.Port.Name} expected {DivergenceReport.Hex(m.Expected, m.Port.Width)} actual {DivergenceReport.Hex(m.Actual, m.Port.Width)}";
            view = new WaveView(lib.Map, [.. d.Mismatches.Select(x => x.Port)], hasGolden, Time(d.Cycle),
                [(Time(d.Cycle), label0), (Time(first), $"report table starts: cycle {first}")],
                Time(first) - 5, Time(first) + ViewCycles * 10, title, $"first divergence: cycle {d.Cycle}");
        }
        else
        {
            var mark = options.Mark;
            var left = Math.Max(0, (mark ?? 0) - ViewCycles / 2);
            view = new WaveView(lib.Map, [], hasGolden, mark is { } c ? Time(c) : null,
                mark is { } c2 ? [(Time(c2), $"mark: cycle {c2}")] : [],
                mark is null ? 0 : Time(left) - 5, Time(left) + ViewCycles * 10, title);
        }
        GtkwSaveFile.Write(path, fst, view);
        return path;
    }

    /// <summary>FST time of a cycle: reset cycles come first, 10 time units per cycle, sampled at the clock-low half.</summary>
    public static long TimeOfCycle(long cycle, int resetCycles) => LockstepExecution.TimeOfCycle(cycle, resetCycles);

    /// <summary>Verilator's seed for a run seed (never 0, which would mean "random").</summary>
    public static uint VerilatorSeed(ulong seed) => (uint)(SimRandom.Mix(seed ^ 0x5EED_0F_5EEDUL) & 0x7fff_ffff) | 1;
}
