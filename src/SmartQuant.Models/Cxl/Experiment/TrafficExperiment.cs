using SmartQuant.Hw.Cxl;
using SmartQuant.Models.Cxl.Link;
using SmartQuant.Models.Dram;

namespace SmartQuant.Models.Cxl.Experiment;

/// <summary>One traffic pattern's measurement.</summary>
public sealed record TrafficRow(string Pattern, int Streams, LoadMeasurement M);

/// <summary>
/// Many readers and writers on the store through the link (docs/cxl-link.md, "Experiments"): N readers each walk
/// their own tensor sequentially through the PACKED k = 4 alias, their requests interleaved by the host's round
/// robin; N writers each load their own tensor through the full-precision alias with MemWr. Reported per pattern:
/// DRAM bursts per line, lines per cycle, and latency (mean, p99) from the host handing the request to the link to
/// the response arriving. The total work is fixed (<c>totalBlocks</c>, split evenly over the streams), so rows with
/// more streams differ only in how the requests interleave. The controller is the default configuration (16-entry
/// block buffer).
/// </summary>
public static class TrafficExperiment
{
    public static CxlStoreConfig Config { get; } = new();
    public const int K = 4;

    public static TrafficRow Readers(int n, int totalBlocks, LinkConfig? link = null, DramConfig? dram = null, CxlStoreConfig? cfg = null)
    {
        var blocksPerReader = PerStream(n, totalBlocks);
        var blocks = n * blocksPerReader;
        RegionSpec[] regions = [new(0, 8L * blocks, 0, 8, RegionFormat.Padded), new(1 << 20, (1 << 20) + (long)K * blocks, 0, K, RegionFormat.Packed)];
        var streams = Enumerable.Range(0, n).Select(r => (IReadOnlyList<LinkedRun.Op>)[.. Enumerable.Range(0, K * blocksPerReader)
            .Select(j => new LinkedRun.Op(false, (1 << 20) + (long)K * blocksPerReader * r + j))]).ToList();
        return new TrafficRow("PACKED k=4 readers", n, LinkedRun.Measure(cfg ?? Config, dram, link ?? LinkConfig.X16, regions, streams));
    }

    public static TrafficRow Writers(int n, int totalBlocks, LinkConfig? link = null, DramConfig? dram = null, int seed = 1, CxlStoreConfig? cfg = null)
    {
        var blocksPerWriter = PerStream(n, totalBlocks);
        var blocks = n * blocksPerWriter;
        RegionSpec[] regions = [new(0, 8L * blocks, 0, 8, RegionFormat.Padded)];
        var rng = new Random(seed);
        ulong[] Line() { var l = new ulong[8]; for (var i = 0; i < 8; i++) l[i] = (ulong)rng.NextInt64(); return l; }
        var streams = Enumerable.Range(0, n).Select(w => (IReadOnlyList<LinkedRun.Op>)[.. Enumerable.Range(0, 8 * blocksPerWriter)
            .Select(j => new LinkedRun.Op(true, 8L * blocksPerWriter * w + j, Line()))]).ToList();
        return new TrafficRow("full-precision writers", n, LinkedRun.Measure(cfg ?? Config, dram, link ?? LinkConfig.X16, regions, streams));
    }

    private static int PerStream(int n, int totalBlocks) => n > 0 && totalBlocks % n == 0 && totalBlocks > 0
        ? totalBlocks / n
        : throw new ArgumentException($"{totalBlocks} blocks do not split evenly over {n} streams");
}
