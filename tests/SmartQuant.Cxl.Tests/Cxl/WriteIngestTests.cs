using SmartQuant.Hw.Cxl;
using SmartQuant.Models.Cxl;

namespace SmartQuant.Cxl.Tests.Cxl;

/// <summary>
/// Write combining with several combiners (issue 14, write ingest) on the golden model: whole blocks of interleaved
/// writers are written without a read, and partial blocks — also when more writers than combiners force evictions —
/// are read-modify-written exactly (every line read back equals what was written, unwritten lines keep their value).
/// </summary>
public class WriteIngestTests
{
    private static readonly CxlStoreConfig Cfg = new(bufferEntries: 4, regions: 4, flushIdleCycles: 16, writeCombiners: 4);

    /// <summary>Writers interleaved one line per turn; writer w loads blocks [w·B, (w+1)·B) (lines of <paramref name="mask"/> only).</summary>
    private static void Interleaved(CxlHostDriver host, byte[] image, int writers, int blocksPerWriter, Func<int, int> mask, Random rng)
    {
        var runs = Enumerable.Range(0, writers).Select(w => Enumerable.Range(w * blocksPerWriter, blocksPerWriter)
            .SelectMany(b => Enumerable.Range(0, 8).Where(l => ((mask(b) >> l) & 1) != 0).Select(l => 8 * b + l)).ToArray()).ToArray();
        for (var i = 0; i < runs.Max(r => r.Length); i++)
            foreach (var r in runs)
            {
                if (i >= r.Length) continue;
                var data = new byte[64];
                rng.NextBytes(data);
                data.CopyTo(image, 64 * r[i]);
                host.Write(r[i], data);
            }
        host.Run();
    }

    private static void ReadBack(CxlHostDriver host, byte[] image)
    {
        host.Done.Clear();
        for (var l = 0; l < image.Length / 64; l++) host.Read(l);
        host.Run();
        var data = new byte[image.Length];
        foreach (var r in host.Done)
        {
            Assert.Equal(CxlOpcodes.MemData, r.Opcode);
            r.Data.CopyTo(data, (int)(r.Hpa - host.HdmBaseLine) * 64);
        }
        Assert.Equal(image, data);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Whole_blocks_of_interleaved_writers_are_written_without_a_read(int writers)
    {
        var (_, host, model) = GoldenBench.Create(Cfg);
        const int blocks = 8;
        host.Program(0, 1 << 24, GoldenBench.Regions(blocks, 4));
        var image = new byte[blocks * 512];
        Interleaved(host, image, writers, blocks / writers, _ => 0xFF, new Random(writers));
        Assert.Equal(0, model.Counter(CxlCounters.DramReadBursts));
        Assert.Equal(8 * blocks, model.Counter(CxlCounters.DramWriteBursts));
        ReadBack(host, image);
    }

    [Theory]
    [InlineData(3, false)]
    [InlineData(9, false)]
    [InlineData(9, true)]
    public void Partial_blocks_and_evictions_lose_nothing(int writers, bool stalls)
    {
        var (_, host, model) = GoldenBench.Create(Cfg, seed: writers);
        const int blocksPerWriter = 2;
        var blocks = writers * blocksPerWriter;
        host.Program(0, 1 << 24, GoldenBench.Regions(blocks, 4));
        var image = GoldenBench.RandomWeights(blocks, 5);
        GoldenBench.Load(host, image);
        var rng = new Random(writers);
        var masks = Enumerable.Range(0, blocks).Select(_ => rng.Next(3) == 0 ? 0xFF : 1 + rng.Next(254)).ToArray();
        if (stalls) { host.Gap = 0.2; host.Backpressure = 0.2; }
        var readsBefore = model.Counter(CxlCounters.DramReadBursts);
        Interleaved(host, image, writers, blocksPerWriter, b => masks[b], rng);
        // Every partial block is merged (8 plane reads) once; with more writers than combiners blocks are also evicted
        // before they are complete, and the rest of such a block is merged again later.
        var partial = masks.Count(m => m != 0xFF);
        var reads = model.Counter(CxlCounters.DramReadBursts) - readsBefore;
        if (writers <= Cfg.WriteCombiners) Assert.Equal(8 * partial, reads);
        else Assert.True(reads > 8 * partial, $"{reads} plane reads for {partial} partial blocks: no eviction");
        ReadBack(host, image);
    }
}
