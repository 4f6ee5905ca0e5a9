using SmartQuant.Hdl.Simulation;

namespace SmartQuant.Sim.Tests.Waves;

/// <summary>A design's default test whose golden model is off by one on one port in exactly one cycle.</summary>
internal static class Diverging
{
    public static ISimTest Test(string design, long cycle)
    {
        var inner = SimTestCatalog.Find(design);
        return new SimTest(design, $"{inner.Name}-off-by-one-at-{cycle}", $"{inner.Description}; golden {design}'s faulted port off by one at cycle {cycle}",
            (c, m) => new OffByOneGolden(inner.CreateGolden(c, m), Port(design, m), at => at == cycle),
            inner.CreateDriver, inner.DontCares);
    }

    /// <summary>The output each design's diverging test puts off by one, through the design's typed port binding.</summary>
    public static PortSlot Port(string design, PortMap m) => design switch
    {
        "fifo" => PortBindings.Fifo(m).Count,
        "mac-array" => PortBindings.MacArray(m).PsumOut[1],
        "microscopiq" => PortBindings.MicroScopiQ(m).OutData[0],
        "cxl-store" => PortBindings.CxlStore(m).Ndr.Valid,
        _ => throw new ArgumentException($"no faulted port chosen for {design}"),
    };

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
