namespace SmartQuant.Sim.Tests.Waves;

/// <summary>A design's default test whose golden model is off by one on one port in exactly one cycle.</summary>
internal static class Diverging
{
    public static ISimTest Test(string design, string port, long cycle)
    {
        var inner = SimTestCatalog.Find(design);
        return new SimTest(design, $"{inner.Name}-{port}-at-{cycle}", $"{inner.Description}; golden {port} off by one at cycle {cycle}",
            (c, m) => new OffByOneGolden(inner.CreateGolden(c, m), port, at => at == cycle),
            inner.CreateDriver, inner.DontCares);
    }

    public static string TempDirectory(string what) => Path.Combine(Path.GetTempPath(), $"sq-{what}-{Guid.NewGuid():N}");

    /// <summary>FST time of a cycle (the engine's: reset cycles first, 10 time units per cycle).</summary>
    public static long Time(long cycle) => LockstepEngine.TimeOfCycle(cycle, new SimOptions().ResetCycles);
}
