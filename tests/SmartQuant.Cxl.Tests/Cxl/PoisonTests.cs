using SmartQuant.Hw.Cxl;
using SmartQuant.Models.Cxl;

namespace SmartQuant.Cxl.Tests.Cxl;

/// <summary>
/// Poison on the golden model (docs/cxl-store.md, "Poison"; CXL 2.0 §3.3.5/§3.3.9, the RwD and DRS Poison bits): a
/// write with RwD Poison stores its data and marks its host line (in every plane burst's metadata of the block, or on
/// the passthrough line); every view's line that carries a weight of a marked host line returns DRS Poison, the others
/// stay clean; a clean write of every byte clears the mark, a clean partial write keeps it, a poisoned partial write
/// sets it. <see cref="CxlPoison.Cover"/> is checked against a derivation from the other side (weight → stream bits).
/// </summary>
public class PoisonTests
{
    private const int Blocks = 4;

    private static byte[] Bytes(Random rng)
    {
        var b = new byte[64];
        rng.NextBytes(b);
        return b;
    }

    /// <summary>Reads every line of the full-precision, PACKED and PADDED views and the given passthrough lines; each
    /// answer's data and Poison against the reference; returns the poisoned lines as (region, offset).</summary>
    private static HashSet<(int Region, long Off)> ReadBackAll(CxlHostDriver host, CxlReference reference, RegionSpec[] regions, IEnumerable<long> passLines)
    {
        host.Done.Clear();
        var lines = new List<(int Region, long Off)>();
        for (var r = 0; r < 3; r++) for (var l = 0L; l < regions[r].DpaLimit - regions[r].DpaBase; l++) lines.Add((r, l));
        lines.AddRange(passLines.Select(l => (3, l)));
        var byHpa = new Dictionary<long, (int, long)>();
        foreach (var (r, l) in lines)
        {
            host.Read(regions[r].DpaBase + l);
            byHpa[host.HpaOf(regions[r].DpaBase + l)] = (r, l);
        }
        host.Run();
        Assert.Equal(lines.Count, host.Done.Count);
        var poisoned = new HashSet<(int, long)>();
        foreach (var d in host.Done)
        {
            Assert.Equal(CxlOpcodes.MemData, d.Opcode);
            var (r, l) = byHpa[d.Hpa];
            Assert.True(d.Data.AsSpan().SequenceEqual(reference.Line(regions[r], l, old: false)), $"region {r} line {l}: data differs from the reference");
            Assert.True(d.Poison == reference.Poisoned(regions[r], l, old: false), $"region {r} line {l}: DRS Poison {d.Poison}, reference {!d.Poison}");
            if (d.Poison) poisoned.Add((r, l));
        }
        return poisoned;
    }

    private static (CxlHostDriver Host, CxlStoreModel Model, CxlReference Ref, RegionSpec[] Regions) Loaded(int k)
    {
        var (_, host, model) = GoldenBench.Create(GoldenBench.Small);
        var regions = GoldenBench.Regions(Blocks, k);
        host.Program(0, 1 << 24, regions);
        var weights = GoldenBench.RandomWeights(Blocks, 5);
        GoldenBench.Load(host, weights);
        var reference = new CxlReference(weights);
        reference.Program(host.Hdm, 1 << 24, regions);
        return (host, model, reference, regions);
    }

    private static void Settle(CxlHostDriver host)
    {
        host.Run();
        host.Idle_(4 * GoldenBench.Small.FlushIdleCycles);   // partial blocks flush after their idle time
        host.RunUntilDramIdle();
    }

    [Fact]
    public void A_poisoned_line_poisons_exactly_the_view_lines_that_carry_its_weights()
    {
        var (host, _, reference, regions) = Loaded(4);
        var rng = new Random(3);
        // block 1, host line 3: a whole poisoned MemWr; block 2, host line 6: a poisoned MemWrPtl of two bytes
        var d1 = Bytes(rng);
        host.Write(8 + 3, d1, poison: true);
        reference.Write(host.HpaOf(8 + 3), d1, poison: true);
        var d2 = Bytes(rng);
        host.WritePartial(16 + 6, d2, 0x0000_0100_0000_0001UL, poison: true);
        reference.WritePartial(host.HpaOf(16 + 6), d2, 0x0000_0100_0000_0001UL, poison: true);
        Settle(host);

        var poisoned = ReadBackAll(host, reference, regions, []);
        // full precision: the two lines; PACKED k = 4 (line j = host lines 2j, 2j+1): block 1 line 1, block 2 line 3;
        // PADDED k = 4: block 1 line 3, block 2 line 6 — and nothing else
        Assert.Equal(new HashSet<(int, long)> { (0, 8 + 3), (0, 16 + 6), (1, 4 + 1), (1, 8 + 3), (2, 8 + 3), (2, 16 + 6) }, poisoned);
    }

    [Fact]
    public void Clean_whole_writes_clear_clean_partial_writes_keep_and_poisoned_partial_writes_set_the_mark()
    {
        var (host, _, reference, regions) = Loaded(3);
        var rng = new Random(9);
        void Wr(long line, ulong be, bool poison, bool ptl = false)
        {
            var d = Bytes(rng);
            if (be == ulong.MaxValue && !ptl) { host.Write(line, d, poison: poison); reference.Write(host.HpaOf(line), d, poison); }
            else { host.WritePartial(line, d, be, poison); reference.WritePartial(host.HpaOf(line), d, be, poison); }
        }
        var pass = regions[3].DpaBase;
        // epoch 1: poison host lines 0, 1, 2 of block 0, line 5 of block 3, and passthrough lines 0 and 1
        foreach (var l in new long[] { 0, 1, 2, 24 + 5 }) Wr(l, ulong.MaxValue, poison: true);
        Wr(pass + 0, ulong.MaxValue, poison: true);
        Wr(pass + 1, 0xF0, poison: true);
        Settle(host);
        var first = ReadBackAll(host, reference, regions, [0, 1, 2]);
        Assert.Contains((0, 0L), first);
        Assert.Contains((0, 29L), first);
        Assert.Contains((3, 0L), first);
        Assert.Contains((3, 1L), first);
        Assert.DoesNotContain((3, 2L), first);
        // PACKED k = 3, block 0: line 0 carries host lines 0–2, line 1 lines 2–5, line 2 lines 5–7
        Assert.Contains((1, 0L), first);
        Assert.Contains((1, 1L), first);
        Assert.DoesNotContain((1, 2L), first);

        // epoch 2: host line 0 rewritten clean and whole (cleared), line 1 clean in part (kept), line 2 clean by a MemWrPtl
        // with every byte enabled (cleared); block 3 line 5 clean in part (kept); passthrough 0 clean in part (kept),
        // passthrough 1 clean and whole (cleared), passthrough 2 poisoned in part (set)
        Wr(0, ulong.MaxValue, poison: false);
        Wr(1, 0x00FF_0000_0000_FF00UL, poison: false);
        Wr(2, ulong.MaxValue, poison: false, ptl: true);
        Wr(24 + 5, 1UL << 40, poison: false);
        Wr(pass + 0, 0xFFFF_0000UL, poison: false);
        Wr(pass + 1, ulong.MaxValue, poison: false);
        Wr(pass + 2, 0x1, poison: true);
        Settle(host);
        var second = ReadBackAll(host, reference, regions, [0, 1, 2]);
        Assert.DoesNotContain((0, 0L), second);
        Assert.Contains((0, 1L), second);
        Assert.DoesNotContain((0, 2L), second);
        Assert.Contains((0, 29L), second);
        Assert.Contains((3, 0L), second);
        Assert.DoesNotContain((3, 1L), second);
        Assert.Contains((3, 2L), second);
    }

    [Fact]
    public void Poison_on_a_write_to_a_low_precision_alias_changes_nothing()
    {
        var (host, model, reference, regions) = Loaded(4);
        host.Done.Clear();
        var reads = model.Counter(CxlCounters.DramReadBursts);
        var writes = model.Counter(CxlCounters.DramWriteBursts);
        var data = Enumerable.Repeat((byte)0x3C, 64).ToArray();
        host.Write(regions[1].DpaBase + 2, data, poison: true);
        host.WritePartial(regions[2].DpaBase + 5, data, 0xFF, poison: true);
        host.Run();
        Assert.All(host.Done, r => Assert.Equal(CxlOpcodes.Cmp, r.Opcode));
        Assert.Equal(2, model.Counter(CxlCounters.ErrorsLowPrecisionWrite));
        Assert.Equal(reads, model.Counter(CxlCounters.DramReadBursts));
        Assert.Equal(writes, model.Counter(CxlCounters.DramWriteBursts));
        Assert.Empty(ReadBackAll(host, reference, regions, []));
    }

    [Fact]
    public void Cover_matches_the_stream_bits_each_weight_occupies()
    {
        for (var k = 1; k <= 8; k++)
        {
            // from the weights' side: weight w holds stream bits [wk, wk + k), so it lies in lines ⌊wk/512⌋ … ⌊(wk+k−1)/512⌋
            var expect = new int[k];
            for (var w = 0; w < 512; w++)
                for (var j = w * k / 512; j <= (w * k + k - 1) / 512; j++) expect[j] |= 1 << (w / 64);
            for (var j = 0; j < 8; j++)
                Assert.Equal(j < k ? expect[j] : 0, CxlPoison.Cover(k, RegionFormat.Packed, j));
        }
        Assert.Equal(0b0000_1100, CxlPoison.Cover(4, RegionFormat.Packed, 1));
        Assert.Equal(0b0011_1100, CxlPoison.Cover(3, RegionFormat.Packed, 1));
        Assert.Equal(0xFF, CxlPoison.Cover(1, RegionFormat.Packed, 0));
        for (var l = 0; l < 8; l++)
        {
            Assert.Equal(1 << l, CxlPoison.Cover(4, RegionFormat.Padded, l));
            Assert.Equal(1 << l, CxlPoison.Cover(8, RegionFormat.Packed, l));
        }
        Assert.Equal(0xFF, CxlPoison.Cover(8, RegionFormat.Passthrough, 0));
    }
}
