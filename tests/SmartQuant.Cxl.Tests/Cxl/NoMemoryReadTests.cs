using SmartQuant.Hdl;
using SmartQuant.Hw.Cxl;

namespace SmartQuant.Cxl.Tests.Cxl;

/// <summary>
/// Reads that decode to no memory (past the HDM range, or in it but outside every alias region) per the protocol
/// version the port claims (docs/spec/cxl-mem.md, "Reads of no memory"): all-ones data with Poison; the opcode is
/// MemData-NXM only on a CXL 3.0 port and MemData on the default CXL 2.0 port. They count as errors_nxm, not as
/// returned bytes, and the store's data is unchanged. Golden model (the co-simulations check the same on the RTL).
/// </summary>
public class NoMemoryReadTests
{
    [Theory]
    [InlineData(20, CxlOpcodes.MemData)]
    [InlineData(30, CxlOpcodes.MemDataNxm)]
    public void Reads_of_no_memory_are_all_ones_and_poisoned_with_the_versions_opcode(int version, int opcode)
    {
        var cfg = new CxlStoreConfig(bufferEntries: 4, regions: 4, flushIdleCycles: 16, protocolVersion: version);   // GoldenBench.Small but the version
        var (_, host, model) = GoldenBench.Create(cfg);
        const long hdmBase = 1 << 10, hdmSize = 1 << 23;
        host.Program(hdmBase, hdmSize, GoldenBench.Regions(1, 4));
        var w = GoldenBench.RandomWeights(1, 5);
        for (var l = 0; l < 8; l++) host.Write(l, w.AsSpan(64 * l, 64).ToArray());
        host.Run();
        host.Done.Clear();

        host.ReadHpa(hdmBase + hdmSize);                    // one line past the HDM range
        host.ReadHpa(hdmBase - 1);                          // one line below it
        host.ReadHpa(hdmBase + (4 << 20));                  // in the HDM range, in no region
        host.Read(3);                                       // a real line between them
        host.Run();

        var bad = host.Done.Where(r => r.Hpa != host.HpaOf(3)).ToList();
        Assert.Equal(3, bad.Count);
        Assert.All(bad, r =>
        {
            Assert.Equal(opcode, r.Opcode);
            Assert.True(r.Poison);
            Assert.All(r.Data, b => Assert.Equal(0xFF, b));
        });
        var good = host.Done.Single(r => r.Hpa == host.HpaOf(3));
        Assert.Equal(CxlOpcodes.MemData, good.Opcode);
        Assert.False(good.Poison);
        Assert.Equal(w.AsSpan(3 * 64, 64).ToArray(), good.Data);
        Assert.Equal(3, model.Counter(CxlCounters.ErrorsNxm));
        Assert.Equal(64, model.Counter(CxlCounters.BytesReturned));
    }

    [Fact]
    public void Only_cxl_2_and_3_are_accepted()
    {
        var e = Assert.Throws<ConfigException>(() => new CxlStoreConfig(protocolVersion: 11));
        Assert.Contains("protocolVersion: must be one of 20, 30", e.Message);
    }
}
