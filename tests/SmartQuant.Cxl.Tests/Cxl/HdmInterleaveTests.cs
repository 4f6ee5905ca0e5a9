using SmartQuant.Models.Cxl;

namespace SmartQuant.Cxl.Tests.Cxl;

/// <summary>The HDM decode the reference and the host driver use, against the spec's device decode written in bytes.</summary>
public class HdmInterleaveTests
{
    private const long Base = 1L << 22;
    public static TheoryData<int, int> Codes()
    {
        var d = new TheoryData<int, int>();
        foreach (var ig in new[] { 0, 1, 3, 6 })
            foreach (var iw in new[] { 0, 1, 2, 3, 4, 8, 9, 10 }) d.Add(ig, iw);
        return d;
    }

    /// <summary>
    /// CXL 2.0 device decode (CXL 2.0 §8.2.5.12; docs/spec/cxl-mem.md), byte offsets: power-of-two ways delete the IW bits at
    /// [8+IG+IW−1 : 8+IG]; 3/6/12 ways keep the low 8+IG bits and put ((off >> IG+IW) / 3) above them.
    /// </summary>
    private static long SpecDpaBytes(long off, int ig, int iw)
    {
        var low = off & ((1L << (8 + ig)) - 1);
        return iw < 8 ? low | ((off >> (8 + ig + iw)) << (8 + ig)) : low | (((off >> (ig + iw)) / 3) << (8 + ig));
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Decode_matches_the_spec_formula_and_inverts(int ig, int iw)
    {
        var ways = HdmInterleave.WaysOf(iw);
        Assert.Equal(iw < 8 ? 1 << iw : 3 << (iw - 8), ways);
        var rng = new Random(ig * 16 + iw);
        var g = 2 + ig;
        for (var i = 0; i < 2000; i++)
        {
            var offLine = i < 200 ? i * 3L : rng.NextInt64(1L << 40);
            var hdm = new HdmInterleave(Base, ig, iw, (int)((offLine >> g) % ways));
            var dpa = hdm.DpaOf(Base + offLine);
            Assert.Equal(SpecDpaBytes(offLine * 64 + rng.Next(64), ig, iw) >> 6, dpa);
            Assert.Equal(Base + offLine, hdm.HpaOf(dpa));
        }
    }

    [Theory]
    [InlineData(0, 8)]
    [InlineData(2, 9)]
    [InlineData(1, 10)]
    public void Modulo_ways_give_every_device_one_granule_of_each_group(int ig, int iw)
    {
        var ways = HdmInterleave.WaysOf(iw);
        var g = 2 + ig;
        // N devices, device p owns granules c ≡ p (mod N); together they tile the host range without gaps or overlap
        var seen = new HashSet<long>();
        for (var p = 0; p < ways; p++)
        {
            var hdm = new HdmInterleave(Base, ig, iw, p);
            for (long dpa = 0; dpa < 40L << g; dpa++)
            {
                var hpa = hdm.HpaOf(dpa);
                Assert.True(seen.Add(hpa));
                Assert.Equal(dpa, hdm.DpaOf(hpa));
                Assert.Equal(p, ((hpa - Base) >> g) % ways);
            }
        }
        Assert.Equal(Enumerable.Range(0, ways * (40 << g)).Select(i => Base + i), seen.Order());
    }

    [Fact]
    public void Illegal_way_codes_have_no_ways()
    {
        foreach (var iw in new[] { 5, 6, 7, 11, 12, 15 }) Assert.Equal(0, HdmInterleave.WaysOf(iw));
    }
}
