using SmartQuant.Hw.Cxl;
using SmartQuant.Models.Cxl;

namespace SmartQuant.Cxl.Tests.Cxl;

/// <summary>
/// MemWrPtl with byte enables on the golden model (docs/cxl-store.md, "Partial writes"): to the full-precision alias
/// the enabled weights are merged into the bit planes (a block written completely is still written without a read),
/// to a passthrough region the enabled bytes into the stored line (one read, one write); a MemWrPtl with no byte
/// enabled and writes to a low-precision alias (clean or poisoned, MemWr or MemWrPtl) get Cmp and change nothing. Every line is read back through the
/// full-precision alias, the PACKED and PADDED views and the passthrough window and compared with the reference.
/// </summary>
public class PartialWriteTests
{
    private const int Blocks = 4;
    private static readonly RegionSpec[] Regions = GoldenBench.Regions(Blocks, 4);

    private static byte[] Bytes(Random rng)
    {
        var b = new byte[64];
        rng.NextBytes(b);
        return b;
    }

    /// <summary>Reads every line of every region and compares it with the reference.</summary>
    private static void ReadBackAll(CxlHostDriver host, CxlReference reference, IEnumerable<long> passLines)
    {
        host.Done.Clear();
        var lines = new List<long>();
        foreach (var r in Regions.Take(3)) for (var l = r.DpaBase; l < r.DpaLimit; l++) lines.Add(l);
        lines.AddRange(passLines.Select(l => Regions[3].DpaBase + l));
        foreach (var l in lines) host.Read(l);
        host.Run();
        Assert.Equal(lines.Count, host.Done.Count);
        foreach (var r in host.Done)
        {
            Assert.Equal(CxlOpcodes.MemData, r.Opcode);
            Assert.False(r.Poison);
            Assert.True(reference.Check(r.Hpa, r.Data), $"line at host line {r.Hpa} differs from the reference");
        }
    }

    [Fact]
    public void Enabled_bytes_are_merged_into_the_bit_planes_and_the_passthrough_lines()
    {
        var (_, host, model) = GoldenBench.Create(GoldenBench.Small);
        host.Program(0, 1 << 24, Regions);
        var weights = GoldenBench.RandomWeights(Blocks, 3);
        GoldenBench.Load(host, weights);
        var reference = new CxlReference(weights);
        reference.Program(host.Hdm, 1 << 24, Regions);
        var rng = new Random(11);
        var passLines = new long[] { 0, 1, 2, 5 };
        foreach (var l in passLines)
        {
            var d = Bytes(rng);
            host.Write(Regions[3].DpaBase + l, d);
            reference.Write(host.HpaOf(Regions[3].DpaBase + l), d);
        }
        host.Run();
        host.RunUntilDramIdle();
        var readsBefore = model.Counter(CxlCounters.DramReadBursts);
        var writesBefore = model.Counter(CxlCounters.DramWriteBursts);

        // block 0: every line by MemWrPtl with all bytes enabled (a whole block: no read); block 1: some lines, sparse
        // byte enables (read-modify-write of every plane); block 2: every line, but one byte missing in line 3
        // (partial: merged); block 3 untouched
        void Ptl(long line, ulong be)
        {
            var d = Bytes(rng);
            host.WritePartial(line, d, be);
            reference.WritePartial(host.HpaOf(line), d, be);
        }
        for (var l = 0; l < 8; l++) Ptl(l, ulong.MaxValue);
        foreach (var l in new[] { 1, 4, 6 }) Ptl(8 + l, (ulong)rng.NextInt64());
        for (var l = 0; l < 8; l++) Ptl(16 + l, l == 3 ? ~(1UL << 17) : ulong.MaxValue);
        // passthrough: a partial line (read, merge, write), a whole line (write only), a single byte
        Ptl(Regions[3].DpaBase + 0, 0x00FF_00FF_0F0F_F00FUL);
        Ptl(Regions[3].DpaBase + 1, ulong.MaxValue);
        Ptl(Regions[3].DpaBase + 5, 1UL << 63);
        host.Run();
        host.Idle_(4 * GoldenBench.Small.FlushIdleCycles);   // partial blocks flush after their idle time
        host.RunUntilDramIdle();

        Assert.All(host.Done, r => Assert.Equal(CxlOpcodes.Cmp, r.Opcode));
        // DRAM traffic: block 0 written without a read; blocks 1 and 2 read-modify-written (8 reads + 8 writes each);
        // two partial passthrough lines read once each; three passthrough writes
        Assert.Equal(2 * 8 + 2, model.Counter(CxlCounters.DramReadBursts) - readsBefore);
        Assert.Equal(3 * 8 + 3, model.Counter(CxlCounters.DramWriteBursts) - writesBefore);
        Assert.Equal(0, model.Counter(CxlCounters.ErrorsUnsupported));
        ReadBackAll(host, reference, passLines);
    }

    [Fact]
    public void No_byte_enabled_and_poisoned_or_clean_writes_to_a_low_precision_alias_complete_and_change_nothing()
    {
        var (_, host, model) = GoldenBench.Create(GoldenBench.Small);
        host.Program(0, 1 << 24, Regions);
        var weights = GoldenBench.RandomWeights(Blocks, 4);
        GoldenBench.Load(host, weights);
        var reference = new CxlReference(weights);
        reference.Program(host.Hdm, 1 << 24, Regions);
        var junk = Enumerable.Repeat((byte)0x5A, 64).ToArray();
        host.Write(Regions[3].DpaBase, junk);
        reference.Write(host.HpaOf(Regions[3].DpaBase), junk);
        host.Run();
        host.Done.Clear();
        var readsBefore = model.Counter(CxlCounters.DramReadBursts);
        var writesBefore = model.Counter(CxlCounters.DramWriteBursts);

        var data = Enumerable.Repeat((byte)0xC3, 64).ToArray();
        // no byte enabled: to the full-precision alias, the passthrough window and a low-precision alias
        host.WritePartial(9, data, 0);
        host.WritePartial(Regions[3].DpaBase, data, 0);
        host.WritePartial(Regions[1].DpaBase + 2, data, 0);
        // bytes enabled, but to the PACKED and the PADDED k-bit alias (read-only views)
        host.WritePartial(Regions[1].DpaBase + 2, data, ulong.MaxValue);
        host.WritePartial(Regions[2].DpaBase + 9, data, 0xF0);
        // poison on a write to a low-precision alias (RwD Poison, CXL 2.0 §3.3.5): the same answer, poisoned or not
        host.Write(Regions[1].DpaBase + 1, data, poison: true);
        host.WritePartial(Regions[2].DpaBase + 3, data, ulong.MaxValue, poison: true);
        host.Run();
        host.Idle_(4 * GoldenBench.Small.FlushIdleCycles);

        Assert.Equal(7, host.Done.Count);
        Assert.All(host.Done, r => { Assert.False(r.IsRead); Assert.Equal(CxlOpcodes.Cmp, r.Opcode); });
        Assert.Equal(3, model.Counter(CxlCounters.ErrorsUnsupported));
        Assert.Equal(4, model.Counter(CxlCounters.ErrorsLowPrecisionWrite));
        Assert.Equal(readsBefore, model.Counter(CxlCounters.DramReadBursts));
        Assert.Equal(writesBefore, model.Counter(CxlCounters.DramWriteBursts));
        ReadBackAll(host, reference, [0]);
    }
}
