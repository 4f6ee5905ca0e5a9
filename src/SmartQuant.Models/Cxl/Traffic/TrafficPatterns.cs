using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Cxl;
using SmartQuant.Models.Dram;

namespace SmartQuant.Models.Cxl.Traffic;

/// <summary>What one traffic pattern cost on the golden model + DRAM model.</summary>
/// <param name="Lines">Host lines moved (read or written).</param>
/// <param name="Cycles">Controller cycles from the first request to the last completion or, if later, to the cycle
/// the DRAM has done every request (a write's Cmp follows its acceptance into the DRAM model's write queue, not its
/// burst, so ingest is timed until the last write burst).</param>
/// <param name="Errors">Responses other than MemData / Cmp (e.g. MemData-NXM): a pattern outside the regions.</param>
public sealed record TrafficResult(string Pattern, long Lines, long Cycles, long DramReads, long DramWrites, double MeanLatency, double P99Latency, long Errors)
{
    public double BurstsPerLine => (double)(DramReads + DramWrites) / Lines;
    public double LinesPerCycle => (double)Lines / Cycles;

    public override string ToString() =>
        $"{Pattern}: {Lines} lines in {Cycles} cycles = {LinesPerCycle:F3} lines/cycle, {BurstsPerLine:F2} bursts/line " +
        $"({DramReads} rd + {DramWrites} wr, {Errors} errors), latency mean {MeanLatency:F1} p99 {P99Latency:F0} cycles";
}

/// <summary>
/// Reusable traffic patterns for the store (issue 14: many streams, random reads, write ingest), each run on a fresh
/// golden model over the DRAM model through <see cref="CxlHostDriver"/>. DRAM content is left as written (reads of
/// never-written blocks return zeros): cost does not depend on the values. Every pattern's request order is fixed
/// by its arguments and seed, so a figure is reproducible.
/// </summary>
public static class TrafficPatterns
{
    private static readonly Dictionary<CxlStoreConfig, CxlStorePorts> Bound = [];
    // Region bases in DPA lines: a quarter and half of the device's DPA space (fits the compact configuration too).
    private static long AliasBase(CxlStoreConfig cfg) => 1L << (cfg.DpaLineBits - 2);
    private static long PassBase(CxlStoreConfig cfg) => 1L << (cfg.DpaLineBits - 1);

    private static CxlStorePorts PortsOf(CxlStoreConfig cfg)
    {
        lock (Bound)
        {
            if (!Bound.TryGetValue(cfg, out var p)) Bound[cfg] = p = CxlStorePorts.FromSpec(cfg);
            return p;
        }
    }

    private static (CxlBench Bench, CxlHostDriver Host) Create(CxlStoreConfig cfg, int seed, DramConfig? dram = null)
    {
        var ports = PortsOf(cfg);
        var bench = new CxlBench(new CxlStoreModel(cfg, ports), ports, dram, seed: seed);
        return (bench, new CxlHostDriver(bench, seed));
    }

    /// <summary>Region 0 full precision over <paramref name="blocks"/> blocks, region 1 a k-bit alias of them,
    /// and (when the table has room) a passthrough window of the same number of lines at its own physical base.</summary>
    private static RegionSpec[] Layout(CxlStoreConfig cfg, long blocks, int k, RegionFormat format)
    {
        var alias = new RegionSpec(AliasBase(cfg), AliasBase(cfg) + (format == RegionFormat.Packed ? k : 8) * blocks, 0, k, format);
        var regions = new List<RegionSpec> { new(0, 8 * blocks, 0, 8, RegionFormat.Padded), alias };
        if (cfg.Regions > 2) regions.Add(new(PassBase(cfg), PassBase(cfg) + 8 * blocks, 8 * blocks, 8, RegionFormat.Passthrough));
        return [.. regions];
    }

    /// <summary>
    /// <paramref name="streams"/> readers, each walking its own tensor of <paramref name="blocksPerStream"/> blocks
    /// sequentially through the k-bit alias, interleaved one line at a time (reader 0 line 0, reader 1 line 0, …).
    /// Tensor s occupies blocks [s·B, (s+1)·B).
    /// </summary>
    public static TrafficResult InterleavedReads(CxlStoreConfig cfg, int streams, int k, RegionFormat format, int blocksPerStream, int seed = 1)
    {
        var (bench, host) = Create(cfg, seed);
        host.Program(0, 1L << cfg.DpaLineBits, Layout(cfg, (long)streams * blocksPerStream, k, format));
        var perBlock = format == RegionFormat.Packed ? k : 8;
        var linesPerStream = perBlock * blocksPerStream;
        for (var l = 0; l < linesPerStream; l++)
            for (var s = 0; s < streams; s++)
                host.Read(AliasBase(cfg) + (long)s * linesPerStream + l);
        return Measure(bench, host, $"{streams} interleaved readers, {format} k={k}, {cfg.BufferEntries}-entry buffer", streams * (long)linesPerStream);
    }

    /// <summary>
    /// <paramref name="count"/> reads of random 64-B lines: through the k-bit alias of a <paramref name="blocks"/>-block
    /// tensor, or (<paramref name="passthrough"/>) through a conventionally laid out passthrough window of as many lines.
    /// At most <paramref name="outstanding"/> reads are in flight (a host with that many tags).
    /// </summary>
    public static TrafficResult RandomReads(CxlStoreConfig cfg, int count, int k, bool passthrough, int blocks = 4096, int outstanding = 16, int seed = 1)
    {
        if (passthrough && cfg.Regions < 4) throw new ArgumentException("the passthrough window needs a 4-region table");
        var ports = PortsOf(cfg);
        var bench = new CxlBench(new CxlStoreModel(cfg, ports), ports, seed: seed);
        var host = new CxlHostDriver(bench, seed, tags: outstanding);
        host.Program(0, 1L << cfg.DpaLineBits, Layout(cfg, blocks, k, RegionFormat.Packed));
        var rng = new Random(seed);
        for (var i = 0; i < count; i++)
            host.Read(passthrough ? PassBase(cfg) + rng.NextInt64(8L * blocks) : AliasBase(cfg) + rng.NextInt64((long)k * blocks));
        return Measure(bench, host, $"{count} random reads, {(passthrough ? "passthrough" : $"PACKED k={k}")}, {outstanding} outstanding", count);
    }

    /// <summary>
    /// <paramref name="writers"/> hosts loading their own tensors of <paramref name="blocksPerWriter"/> blocks through
    /// the full-precision alias, interleaved one line at a time. The result's lines per cycle against the DRAM model's
    /// write peak (<see cref="WritePeakLinesPerCycle"/>) is the ingest efficiency.
    /// </summary>
    public static TrafficResult InterleavedWrites(CxlStoreConfig cfg, int writers, int blocksPerWriter, int seed = 1, DramConfig? dram = null)
    {
        var (bench, host) = Create(cfg, seed, dram);
        host.Program(0, 1L << cfg.DpaLineBits, Layout(cfg, (long)writers * blocksPerWriter, 4, RegionFormat.Packed));
        var rng = new Random(seed);
        var linesPerWriter = 8 * blocksPerWriter;
        for (var l = 0; l < linesPerWriter; l++)
            for (var w = 0; w < writers; w++)
            {
                var data = new byte[64];
                rng.NextBytes(data);
                host.Write((long)w * linesPerWriter + l, data);
            }
        return Measure(bench, host, $"{writers} interleaved writers, full precision", writers * (long)linesPerWriter);
    }

    /// <summary>The DRAM model's peak in 64-B lines per controller cycle (reads and writes alike: the data bus).</summary>
    public static double WritePeakLinesPerCycle(DramConfig? dram = null)
    {
        var c = dram ?? DramConfig.Default;
        return c.PeakBandwidthBytesPerSecond * c.ControllerCycleNs * 1e-9 / DramConfig.LineBytes;
    }

    private static TrafficResult Measure(CxlBench bench, CxlHostDriver host, string pattern, long lines)
    {
        host.Done.Clear();
        var before = bench.Dram.Stats.Clone();
        var start = bench.Cycle;
        host.Run();
        host.RunUntilDramIdle();
        var cycles = bench.Cycle - start;
        // Write Cmps follow DRAM acceptance, not the burst: let the DRAM finish before reading its statistics.
        host.Idle_(256);
        var stats = bench.Dram.Stats.Since(before);
        var lat = host.Done.Select(r => (double)(r.DoneCycle - r.IssueCycle)).Order().ToArray();
        var p99 = lat.Length == 0 ? 0 : lat[Math.Min(lat.Length - 1, (int)Math.Ceiling(0.99 * lat.Length) - 1)];
        var errors = host.Done.Count(r => r.Opcode != (r.IsRead ? CxlOpcodes.MemData : CxlOpcodes.Cmp));
        return new TrafficResult(pattern, lines, cycles, stats.ReadBursts, stats.WriteBursts, lat.Length == 0 ? 0 : lat.Average(), p99, errors);
    }
}
