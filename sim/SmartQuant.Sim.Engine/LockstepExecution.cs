using System.Runtime.ExceptionServices;
using SmartQuant.Hdl;
using SmartQuant.Hdl.Simulation;

namespace SmartQuant.Sim;

/// <summary>
/// One lockstep execution: the driver and the Verilated model (the "RTL side") feed a <see cref="LockstepChecker"/>.
/// Two schedules give the same result bit for bit, because the driver only ever sees the RTL's outputs:
/// <list type="bullet">
/// <item>serial: drive, step, check, every cycle on one thread;</item>
/// <item>pipelined: the RTL side runs on its own thread and hands over batches of (inputs, RTL outputs); the caller's
/// thread checks them in order. On two cores the golden model then costs no wall-clock time as long as it is faster
/// than driver + model. The RTL side may run up to a few batches past a divergence; that is why traced and coverage runs
/// (whose files would show those cycles) always use the serial schedule.</item>
/// </list>
/// </summary>
internal sealed class LockstepExecution(ISimTest test, DesignUnderTest dut, SimLibrary lib, SimOptions options)
{
    // 2048 cycles per hand-over keep the thread wake-ups (a few µs each) under ~1 % of a batch of the smallest design.
    private const int BatchCycles = 2048, Batches = 4;

    public static long TimeOfCycle(long cycle, int resetCycles) => (cycle + resetCycles) * 10;

    public DivergenceReport? Execute(long cycles, bool stopAtDivergence, long? traceFrom, string? tracePath, string? coveragePath = null,
        CycleObserver? observer = null)
    {
        var pipelined = tracePath is null && coveragePath is null && (options.CheckerThread ?? Environment.ProcessorCount > 1);
        var checker = new LockstepChecker(test, dut, lib.Map, options.Seed, observer);
        if (!pipelined) return Serial(checker, cycles, stopAtDivergence, traceFrom, tracePath, coveragePath);
        return Pipelined(checker, cycles, stopAtDivergence);
    }

    /// <summary>The driver and the Verilated model; lives on one thread from creation to disposal.</summary>
    private sealed class RtlSide : IDisposable
    {
        public readonly PortValues Inputs, Actual;
        private readonly NativeModel _model;
        private readonly IStimulusDriver _driver;

        public RtlSide(ISimTest test, DesignConfig config, SimLibrary lib, SimOptions options, long? traceFrom, string? tracePath)
        {
            _model = new NativeModel(lib, Lockstep.VerilatorSeed(options.Seed));
            _driver = test.CreateDriver(config, lib.Map, options.Seed);
            (Inputs, Actual) = (lib.Map.NewInputs(), lib.Map.NewOutputs());
            if (tracePath is not null) _model.OpenTrace(tracePath, traceFrom ?? 0);
            _model.Reset(options.ResetCycles);
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public void Step(long cycle)
        {
            _driver.Drive(cycle, Inputs, Actual);
            _model.Step(Inputs.Words, Actual.Words);
        }

        public void Finish(string? tracePath, string? coveragePath)
        {
            if (tracePath is not null) _model.CloseTrace();
            if (coveragePath is not null) _model.WriteCoverage(coveragePath);
        }

        public void Dispose() => _model.Dispose();
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private DivergenceReport? Serial(LockstepChecker checker, long cycles, bool stopAtDivergence, long? traceFrom, string? tracePath, string? coveragePath)
    {
        using var rtl = new RtlSide(test, dut.Config, lib, options, traceFrom, tracePath);
        var progress = new ProgressTicker(options);
        for (long cycle = 0; cycle < cycles; cycle++)
        {
            rtl.Step(cycle);
            if (checker.Check(cycle, rtl.Inputs, rtl.Actual) && stopAtDivergence) break;
            progress.Cycle(cycle);
        }
        rtl.Finish(tracePath, coveragePath);
        return checker.First;
    }

    /// <summary>One hand-over: consecutive cycles' packed inputs and RTL outputs.</summary>
    private sealed class Batch(int inWords, int outWords)
    {
        public readonly ulong[] In = new ulong[BatchCycles * inWords], Out = new ulong[BatchCycles * outWords];
        public long FirstCycle;
        public int Count;
        /// <summary>The RTL side failed after <see cref="Count"/> good cycles (driver or model threw).</summary>
        public ExceptionDispatchInfo? Error;
        public bool Last;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private DivergenceReport? Pipelined(LockstepChecker checker, long cycles, bool stopAtDivergence)
    {
        var map = lib.Map;
        int inW = map.InputWords, outW = map.OutputWords;
        var ring = Enumerable.Range(0, Batches).Select(_ => new Batch(inW, outW)).ToArray();
        using var free = new SemaphoreSlim(Batches);
        using var full = new SemaphoreSlim(0);
        var stop = 0; // set by the checker; the RTL side stops at its next batch
        ExceptionDispatchInfo? finishError = null;

        void RtlThread()
        {
            var slot = 0;
            Batch Next()
            {
                free.Wait();
                var b = ring[slot];
                slot = (slot + 1) % Batches;
                (b.Count, b.Error, b.Last) = (0, null, false);
                return b;
            }
            RtlSide? rtl = null;
            try { rtl = new RtlSide(test, dut.Config, lib, options, null, null); }
            catch (Exception e)
            {
                var b = Next();
                (b.Error, b.Last) = (ExceptionDispatchInfo.Capture(e), true);
                full.Release();
                return;
            }
            using (rtl)
            {
                long cycle = 0;
                while (true)
                {
                    var b = Next();
                    if (Volatile.Read(ref stop) != 0) { b.Last = true; full.Release(); break; }
                    b.FirstCycle = cycle;
                    var n = 0; // cycles completed: a step that throws is not counted
                    try
                    {
                        for (; n < BatchCycles && cycle < cycles; n++, cycle++)
                        {
                            rtl.Step(cycle);
                            rtl.Inputs.Words.AsSpan(0, inW).CopyTo(b.In.AsSpan(n * inW, inW));
                            rtl.Actual.Words.AsSpan(0, outW).CopyTo(b.Out.AsSpan(n * outW, outW));
                        }
                    }
                    catch (Exception e) { b.Error = ExceptionDispatchInfo.Capture(e); }
                    b.Count = n;
                    b.Last = cycle >= cycles || b.Error is not null;
                    full.Release();
                    if (b.Last) break;
                }
                try { rtl.Finish(null, null); }
                catch (Exception e) { finishError = ExceptionDispatchInfo.Capture(e); }
            }
        }

        var thread = new Thread(RtlThread) { Name = $"rtl {test.Design}.{test.Name}", IsBackground = true };
        thread.Start();
        var (inputs, actual) = (map.NewInputs(), map.NewOutputs());
        var progress = new ProgressTicker(options);
        try
        {
            for (var slot = 0; ; slot = (slot + 1) % Batches)
            {
                full.Wait();
                var b = ring[slot];
                var diverged = false;
                for (var n = 0; n < b.Count && !diverged; n++)
                {
                    var cycle = b.FirstCycle + n;
                    b.In.AsSpan(n * inW, inW).CopyTo(inputs.Words);
                    b.Out.AsSpan(n * outW, outW).CopyTo(actual.Words);
                    diverged = checker.Check(cycle, inputs, actual) && stopAtDivergence;
                    progress.Cycle(cycle);
                }
                // Cycles before a failure are checked first: a divergence there is the run's result, as in the serial schedule.
                if (diverged) break;
                b.Error?.Throw();
                if (b.Last) break;
                free.Release();
            }
        }
        finally
        {
            Volatile.Write(ref stop, 1);
            free.Release(); // the RTL side may be waiting for a free batch
            thread.Join();
        }
        finishError?.Throw();
        return checker.First;
    }

    /// <summary>Calls <see cref="SimOptions.Progress"/> every <see cref="SimOptions.ProgressInterval"/> cycles.</summary>
    private struct ProgressTicker(SimOptions options)
    {
        private readonly Action<long>? _progress = options.Progress;
        private readonly long _interval = Math.Max(1, options.ProgressInterval);

        public readonly void Cycle(long cycle)
        {
            if (_progress is not null && (cycle + 1) % _interval == 0) _progress(cycle + 1);
        }
    }
}
