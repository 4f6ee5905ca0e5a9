using SmartQuant.Hw.Cxl;

namespace SmartQuant.Cxl.Tests.Cxl;

/// <summary>
/// Writes that decode to no memory — past the end of the HDM range, below its base, and at host lines whose offset
/// past the range would alias the stored lines if the device kept only the low DPA bits — are answered with Cmp
/// (every write completes with one NDR Cmp, docs/spec/cxl-mem.md), counted in errors_unsupported, and change nothing stored: every line reads back as loaded (docs/cxl-store.md, "Errors").
/// Golden model; the co-simulation's `random` and `interleave` scenarios issue such writes against the RTL.
/// </summary>
public class OutOfRangeWriteTests
{
    [Fact]
    public void Writes_past_the_hdm_range_complete_and_change_nothing_stored()
    {
        var cfg = GoldenBench.Small;
        var (_, host, model) = GoldenBench.Create(cfg);
        const long hdmBase = 1 << 10, hdmSize = 1 << 21;
        host.Program(hdmBase, hdmSize, GoldenBench.Regions(1, 4));
        var w = GoldenBench.RandomWeights(1, 9);
        for (var l = 0; l < 8; l++) host.Write(l, w.AsSpan(64 * l, 64).ToArray());
        host.Run();
        host.Done.Clear();

        var junk = Enumerable.Repeat((byte)0xA5, 64).ToArray();
        var bad = new List<long> { hdmBase + hdmSize, hdmBase - 1 };
        for (var l = 0; l < 8; l++) bad.Add(hdmBase + (1L << cfg.DpaLineBits) + l);   // DPA l + 2^bits: aliases line l if truncated
        foreach (var hpa in bad) host.WriteHpa(hpa, junk);
        host.Run();
        Assert.Equal(bad.Count, host.Done.Count);
        Assert.All(host.Done, r => { Assert.False(r.IsRead); Assert.Equal(CxlOpcodes.Cmp, r.Opcode); });
        Assert.Equal(bad.Count, model.Counter(CxlCounters.ErrorsUnsupported));

        host.Done.Clear();
        for (var l = 0; l < 8; l++) host.Read(l);
        host.Run();
        Assert.Equal(8, host.Done.Count);
        for (var l = 0; l < 8; l++)
        {
            var r = host.Done.Single(x => x.Hpa == host.HpaOf(l));
            Assert.False(r.Poison);
            Assert.Equal(w.AsSpan(64 * l, 64).ToArray(), r.Data);
        }
    }
}
