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

    /// <summary>
    /// The configuration the waveform tests use: the design's default, except cxl-store's compact one (the Cxl tests
    /// build it too, and the default's traced build alone takes minutes on a 2-core machine).
    /// </summary>
    public static SmartQuant.Hdl.DesignConfig? Config(string design) =>
        design == "cxl-store" ? SmartQuant.Hw.Cxl.CxlStoreConfig.Compact : null;

    public static string TempDirectory(string what) => Path.Combine(Path.GetTempPath(), $"sq-{what}-{Guid.NewGuid():N}");

    /// <summary>FST time of a cycle (the engine's: reset cycles first, 10 time units per cycle).</summary>
    public static long Time(long cycle) => LockstepEngine.TimeOfCycle(cycle, new SimOptions().ResetCycles);
}
