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

    /// <summary>One HDM setting per run: 3-way and 12-way interleave (modulo-3 decode), every way's host lines.</summary>
    [Theory]
    [InlineData(0, 8, 2)]
    [InlineData(1, 10, 7)]
    public void Modulo_way_interleave_matches(int ig, int iw, int pos)
    {
        var t = (SimTest)SimTestCatalog.Find("cxl-store", "interleave");
        var hdm = new SmartQuant.Models.Cxl.HdmInterleave(CxlLayout.HdmBase, ig, iw, pos);
        CxlStoreDriver? driver = null;
        var pinned = t with { Driver = (c, m, s) => driver = CxlStoreSimTests.Interleave(c, m, s, [hdm]) };
        var r = LockstepEngine.Run(pinned, new SimOptions { Cycles = 20_000, Seed = 7, Config = CxlStoreSimTests.Small });
        Assert.True(r.Passed, r.Divergence?.ToString());
        Assert.True(driver!.ReadsChecked > 600, $"only {driver.ReadsChecked} reads checked");
        Assert.True(driver.NxmChecked > 20, $"only {driver.NxmChecked} NXM reads");
        Assert.True(driver.WritesCompleted >= 64 + 16, $"only {driver.WritesCompleted} writes");
    }

    /// <summary>
    /// A port that claims CXL 3.0 answers reads of no memory with MemData-NXM (all ones, poisoned) instead of the 2.0
    /// MemData; the driver checks the opcode of the claimed version. An extra Verilator build: extended tier.
    /// </summary>
    [Fact]
    [Trait("Tier", "extended")]
    public void Random_traffic_on_a_cxl_3_port_answers_nxm_reads_with_mem_data_nxm()
    {
        var (r, d) = Run("random", 20_000, 3, new Hw.Cxl.CxlStoreConfig(   // CxlStoreSimTests.Small (= Compact) on a CXL 3.0 port
            regions: 2, bufferEntries: 4, slicesPerCycle: 2, physAddressBits: 20, dpaBits: 24, flushIdleCycles: 16, ndrQueueDepth: 4, writeCombiners: 4, protocolVersion: 30));
        Assert.True(r.Passed, r.Divergence?.ToString());
        Assert.True(d.NxmChecked > 10, $"only {d.NxmChecked} NXM reads");
    }
}
