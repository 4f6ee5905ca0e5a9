using SmartQuant.Sim;
using SmartQuant.Sim.Drivers.Cxl;

namespace SmartQuant.Cxl.Tests.CoSim;

/// <summary>cxl-store RTL (Verilator) against the golden model in lockstep on the small test configuration; zero mismatches.</summary>
public class CxlCoSimTests
{
    /// <summary>Runs a catalog test and hands back its driver, to check how much traffic was verified against the reference.</summary>
    internal static (SimResult Result, CxlStoreDriver Driver) Run(string test, long cycles, ulong seed, SmartQuant.Hw.Cxl.CxlStoreConfig? config = null)
    {
        var t = (SimTest)SimTestCatalog.Find("cxl-store", test);
        CxlStoreDriver? driver = null;
        var probe = t with { Driver = (c, m, s) => driver = (CxlStoreDriver)t.Driver(c, m, s) };
        var r = LockstepEngine.Run(probe, new SimOptions { Cycles = cycles, Seed = seed, Config = config ?? CxlStoreSimTests.Small });
        return (r, driver!);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(0xBEEFUL)]
    public void Stream_full_precision_and_k_bit_views_match(ulong seed)
    {
        var (r, d) = Run("stream", 40_000, seed);
        Assert.True(r.Passed, r.Divergence?.ToString());
        Assert.True(d.ReadsChecked > 1_500, $"only {d.ReadsChecked} reads checked");
        Assert.True(d.Programs >= 8, $"only {d.Programs} region programs: not every view was streamed");
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(0xC0FFEEUL)]
    public void Random_traffic_with_errors_interleave_and_stalls_matches(ulong seed)
    {
        var (r, d) = Run("random", 40_000, seed);
        Assert.True(r.Passed, r.Divergence?.ToString());
        Assert.True(d.ReadsChecked > 200, $"only {d.ReadsChecked} reads checked");
        Assert.True(d.NxmChecked > 20, $"only {d.NxmChecked} NXM reads");
        Assert.True(d.WritesCompleted > 150, $"only {d.WritesCompleted} writes");
    }
}
