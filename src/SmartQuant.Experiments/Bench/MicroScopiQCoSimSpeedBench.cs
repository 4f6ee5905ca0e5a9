namespace SmartQuant.Experiments.Bench;

/// <summary>
/// Issue 17 item 4: the checked co-simulation (driver ‖ Verilated model ‖ golden model, every output every cycle) of
/// MicroScopiQ 8×8 at ≥ 100 k cycles/s, shown beside the 8×8 INT8 mac-array measured in the same run (same number of
/// PEs), so the gap between the two designs is a ratio of one run. Both designs' plain C++ harness rates are printed
/// too: they show how much of the time is the Verilated model itself (docs/cosim-speed.md). The verdict is taken per CPU
/// second of the checked run (the engine's default schedule, checker thread; CPU of both threads and the runtime), so it
/// does not depend on the shared machine's load; on an idle machine the two threads overlap, so the wall-clock rate is
/// at least that.
/// </summary>
public sealed class MicroScopiQCoSimSpeedBench : IBenchmark
{
    private const double Target = 100_000;
    public string Name => "microscopiq.cosim-speed-8x8";

    public BenchResult Run(TextWriter log)
    {
        var mac = new LockstepVsHarnessBench("mac-array 8x8", "mac-array", null,
            () => new Hw.MacArray.MacArrayConfig(rows: 8, cols: 8), 1_000_000).Measure(log);
        var msq = new LockstepVsHarnessBench("microscopiq 8x8", "microscopiq", "gemm-bb2",
            () => new Hw.MicroScopiQ.MicroScopiQConfig(rows: 8, cols: 8), 200_000).Measure(log);
        var (w, c) = (msq.Wall, msq.Cpu);
        var measured = $"checked {c.Piped / 1e3:0.0} k cycles per CPU-s ({c.Serial / 1e3:0.0} k on one thread; C++ harness " +
                       $"{c.Cpp / 1e3:0.0} k); wall clock here {w.Piped / 1e3:0.0} k/s (C++ {w.Cpp / 1e3:0.0} k/s); mac-array 8×8 checked " +
                       $"{mac.Wall.Piped / 1e6:0.00} M/s (C++ {mac.Wall.Cpp / 1e6:0.00} M/s) = {mac.Wall.Piped / w.Piped:0}× / {mac.Wall.Cpp / w.Cpp:0}× C++";
        return new BenchResult(Name, measured, "checked ≥ 100 k cycles per CPU-s", c.Piped >= Target);
    }
}
