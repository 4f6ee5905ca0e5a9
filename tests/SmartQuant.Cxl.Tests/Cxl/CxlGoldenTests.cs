using SmartQuant.Hw.Cxl;
using SmartQuant.Models.Cxl;
using SmartQuant.Quant.BitPlanes;

namespace SmartQuant.Cxl.Tests.Cxl;

public class CxlGoldenTests
{
    /// <summary>The quantization core's k-bit view of the stored tensor (the oracle for every returned line).</summary>
    private static byte[] PackedView(byte[] w, int k, bool round) =>
        new KBitView(BitPlaneStore.FromInt8(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(w)), k, AliasFormat.Packed,
            round ? ViewRounding.GuardPlane : ViewRounding.Truncate).ReadAll();

    private static byte[] Collect(CxlHostDriver host, int lines)
    {
        var data = new byte[lines * 64];
        foreach (var r in host.Done.Where(d => d.IsRead))
        {
            Assert.Equal(CxlOpcodes.MemData, r.Opcode);
            var line = r.Hpa - host.HdmBaseLine;
            r.Data.CopyTo(data, (int)(line % (1 << 20)) * 64);
        }
        return data;
    }

    [Theory]
    [InlineData(4, false)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(5, false)]
    public void Packed_views_fetch_exactly_k_planes_per_block(int k, bool round)
    {
        const int blocks = 6;
        var (_, host, model) = GoldenBench.Create(GoldenBench.Small);
        var w = GoldenBench.RandomWeights(blocks, k);
        host.Program(0, 1 << 24, GoldenBench.Regions(blocks, k, round));
        GoldenBench.Load(host, w);
        Assert.Equal(8 * blocks, model.Counter(CxlCounters.DramWriteBursts));
        Assert.Equal(8 * blocks, model.Counter(CxlCounters.WritesCompleted));
        host.Done.Clear();
        for (var l = 0; l < k * blocks; l++) host.Read((1 << 20) + l);
        host.Run();
        var planes = round && k < 8 ? k + 1 : k;
        Assert.Equal(planes * blocks, model.Counter(CxlCounters.DramReadBursts));
        Assert.Equal(PackedView(w, k, round), Collect(host, k * blocks));
    }

    [Fact]
    public void Full_precision_round_trip_with_random_stalls_and_tag_reuse()
    {
        const int blocks = 5;
        var (bench, host, model) = GoldenBench.Create(GoldenBench.Small, seed: 7, tags: 6);
        host.Gap = 0.3; host.Backpressure = 0.3; bench.MemStall = 0.2;
        var w = GoldenBench.RandomWeights(blocks, 3);
        host.Program(0, 1 << 24, GoldenBench.Regions(blocks, 4));
        GoldenBench.Load(host, w);
        host.Done.Clear();
        var rng = new Random(5);
        var order = Enumerable.Range(0, 8 * blocks).OrderBy(_ => rng.Next()).ToArray();
        foreach (var l in order) host.Read(l);
        host.Run();
        Assert.Equal(w, Collect(host, 8 * blocks));
        Assert.Equal(8 * blocks, model.Counter(CxlCounters.ReadsCompleted));
        Assert.Equal(64L * 8 * blocks, model.Counter(CxlCounters.BytesReturned));
    }

    [Fact]
    public void Nxm_read_and_low_precision_write_are_errors()
    {
        var (_, host, model) = GoldenBench.Create(GoldenBench.Small);
        var w = GoldenBench.RandomWeights(2, 9);
        host.Program(0, 1 << 24, GoldenBench.Regions(2, 4));
        GoldenBench.Load(host, w);
        host.Done.Clear();
        host.Read(5 << 20);                          // no region
        host.Write((1 << 20) + 1, new byte[64]);     // PACKED 4-bit alias
        host.Run();
        Assert.Contains(host.Done, d => d.IsRead && d.Opcode == CxlOpcodes.MemData && d.Poison && d.Data.All(b => b == 0xFF));   // CXL 2.0 port: no NXM opcode
        Assert.Contains(host.Done, d => !d.IsRead && d.Opcode == CxlOpcodes.Cmp);
        Assert.Equal(1, model.Counter(CxlCounters.ErrorsNxm));
        Assert.Equal(1, model.Counter(CxlCounters.ErrorsLowPrecisionWrite));
        host.Done.Clear();
        for (var l = 0; l < 16; l++) host.Read(l);
        host.Run();
        Assert.Equal(w, Collect(host, 16));
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(1, 2, 3)]
    [InlineData(6, 4, 9)]
    [InlineData(0, 8, 2)]     // 3 ways
    [InlineData(1, 9, 5)]     // 6 ways
    [InlineData(2, 10, 11)]   // 12 ways
    public void Hdm_interleave_round_trip(int ig, int iw, int pos)
    {
        var (_, host, _) = GoldenBench.Create(GoldenBench.Small);
        var w = GoldenBench.RandomWeights(3, ig + iw);
        host.Program(1L << 22, 1L << 30, GoldenBench.Regions(3, 4), ig, iw, pos);
        GoldenBench.Load(host, w);
        host.Done.Clear();
        for (var l = 0; l < 24; l++) host.Read(l);
        host.Run();
        var data = new byte[24 * 64];
        var lineOfHpa = Enumerable.Range(0, 24).ToDictionary(l => host.HpaOf(l), l => l);
        foreach (var r in host.Done) r.Data.CopyTo(data, lineOfHpa[r.Hpa] * 64);
        Assert.Equal(w, data);
    }

    [Fact]
    public void Partial_block_is_merged_by_read_modify_write()
    {
        var (_, host, model) = GoldenBench.Create(GoldenBench.Small);
        var w = GoldenBench.RandomWeights(1, 11);
        host.Program(0, 1 << 24, GoldenBench.Regions(1, 4));
        GoldenBench.Load(host, w);
        var patch = new byte[64];
        new Random(2).NextBytes(patch);
        host.Write(3, patch);
        host.Run();                                  // completes after the idle flush (8 reads + 8 writes)
        patch.CopyTo(w, 3 * 64);
        host.Done.Clear();
        for (var l = 0; l < 8; l++) host.Read(l);
        host.Run();
        Assert.Equal(w, Collect(host, 8));
        Assert.Equal(16, model.Counter(CxlCounters.DramWriteBursts));
    }
}
