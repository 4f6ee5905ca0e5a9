namespace SmartQuant.Experiments.Bench;

/// <summary>Every benchmark `smartquant bench` runs, in order.</summary>
public static class BenchCatalog
{
    public static IEnumerable<IBenchmark> All()
    {
        yield return new KitEmitBench();
        yield return new HessianPeakBench();
        yield return new QuantGptqBench();
        yield return new HessianStreamBench();
        yield return new PackBench();
        yield return new LockstepVsHarnessBench("sim.lockstep-mac-array-8x8", "mac-array", null,
            () => new Hw.MacArray.MacArrayConfig(rows: 8, cols: 8), 1_000_000);
        yield return new LockstepVsHarnessBench("sim.lockstep-cxl-store", "cxl-store", null, null, 200_000);
        // Issue 14's speed target is on the multi-stream test (interleaved readers, replacement, half entries).
        yield return new LockstepVsHarnessBench("sim.lockstep-cxl-store-streams", "cxl-store", "streams", null, 200_000);
        yield return new BuildCacheBench();
        yield return new CxlBuildTimeBench();
        yield return new MicroScopiQEmitBench();
        yield return new MicroScopiQAreaBench();
        yield return new LockstepVsHarnessBench("microscopiq.lockstep-8x8", "microscopiq", "gemm-bb2",
            () => new Hw.MicroScopiQ.MicroScopiQConfig(rows: 8, cols: 8), 200_000);
        yield return new MicroScopiQCoSimSpeedBench();
        yield return new MicroScopiQReportQuickBench();
        yield return new RealModelEvalBench();
    }
}
