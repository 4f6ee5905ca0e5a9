using System.Collections.Concurrent;
using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Cxl;
using SmartQuant.Models.Cxl.Link;
using SmartQuant.Models.Dram;

namespace SmartQuant.Models.Cxl.Experiment;

/// <summary>
/// What one run of host traffic cost. <see cref="Cycles"/> (the load time) runs from the cycle the host issued its first
/// request to the cycle its last response arrived (inclusive). The DRAM counters and energy cover that window plus
/// the DRAM finishing writes it had accepted (a write is completed to the host once the DRAM takes it):
/// <see cref="EnergyCycles"/>, equal to <see cref="Cycles"/> for reads; background energy is counted for every
/// cycle of it, busy or idle. Also the flits of both link directions and every transaction's latency.
/// </summary>
public sealed record LoadMeasurement(long Cycles, long EnergyCycles, long Lines, DramStats Dram, DramEnergyReport Energy, double CycleNs,
    LinkPipeStats M2S, LinkPipeStats S2M, IReadOnlyList<HostCompletion> Done, long HostCreditStalls, long DeviceCreditStalls)
{
    public double LoadNs => Cycles * CycleNs;
    public long DramBytes => (Dram.ReadBursts + Dram.WriteBursts) * 64;
    public double LinesPerCycle => (double)Lines / Cycles;
    public double BurstsPerLine => (double)(Dram.ReadBursts + Dram.WriteBursts) / Lines;
    /// <summary>Bytes on the wire in the direction that carries the data (S2M for reads, M2S for writes).</summary>
    public long LinkBytes => Math.Max(S2M.Bytes, M2S.Bytes);
    public double MeanLatency => Done.Count == 0 ? 0 : Done.Average(d => (double)d.Latency);
    /// <summary>99th percentile latency (nearest rank).</summary>
    public long P99Latency => Percentile(0.99);

    public long Percentile(double q)
    {
        if (Done.Count == 0) return 0;
        var sorted = Done.Select(d => d.Latency).Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>
/// Runs host traffic through the link model into the cxl-store golden model over its DRAM model
/// (<see cref="LinkBench"/>): programs the HDM decoder and regions, queues each stream's transactions by device
/// line (the host's HPA is the inverse HDM decode), runs to completion and measures (<see cref="LoadMeasurement"/>).
/// </summary>
public static class LinkedRun
{
    private static readonly ConcurrentDictionary<CxlStoreConfig, CxlStorePorts> Bound = new();

    /// <summary>The ports of a configuration, from the interface specification (no RTL is elaborated).</summary>
    public static CxlStorePorts PortsOf(CxlStoreConfig cfg) => Bound.GetOrAdd(cfg, CxlStorePorts.FromSpec);

    /// <summary>A device line op of one stream: read, or write of <paramref name="Data"/> (8 words).</summary>
    public sealed record Op(bool Write, long DpaLine, ulong[]? Data = null);

    public static LoadMeasurement Measure(CxlStoreConfig cfg, DramConfig? dram, LinkConfig link, IReadOnlyList<RegionSpec> regions,
        IReadOnlyList<IReadOnlyList<Op>> streams)
    {
        var ports = PortsOf(cfg);
        var bench = new CxlBench(new CxlStoreModel(cfg, ports), ports, dram);
        var lb = new LinkBench(bench, link);
        lb.Driver.Program(0, 1L << 24, regions);
        long lines = 0;
        // Queue in rounds so each stream's ops keep program order and the host's round robin interleaves them.
        for (var s = 0; s < streams.Count; s++)
            foreach (var op in streams[s])
            {
                lb.Host.Enqueue(s, new HostOp(op.Write, lb.Driver.HpaOf(op.DpaLine), op.Data));
                lines++;
            }
        if (lines == 0) throw new ArgumentException("no host transactions to run");
        var before = bench.Dram.Stats.Clone();
        var start = bench.Cycle;
        lb.Run();
        if (lb.Host.FirstIssue != start) throw new InvalidOperationException("the host did not issue in the first cycle");
        var cycles = bench.Cycle - start;
        if (lb.Host.LastDone != bench.Cycle - 1) throw new InvalidOperationException("the run did not end with the last response");
        while (!bench.Dram.Idle) lb.Step();   // accepted writes still in the DRAM's queue
        var stats = bench.Dram.Stats.Since(before);
        return new LoadMeasurement(cycles, bench.Cycle - start, lines, stats, bench.Dram.Energy.Report(stats), bench.Dram.Config.ControllerCycleNs,
            lb.Link.M2S.Stats, lb.Link.S2M.Stats, lb.Host.Done, lb.Host.CreditStallCycles, lb.DrsCreditStalls + lb.NdrCreditStalls);
    }

    /// <summary>Splits <paramref name="items"/> into <paramref name="n"/> contiguous parts (each reader walks its own tensor).</summary>
    public static IReadOnlyList<IReadOnlyList<T>> Split<T>(IReadOnlyList<T> items, int n) =>
        [.. Enumerable.Range(0, n).Select(r => (IReadOnlyList<T>)[.. items.Skip((int)((long)items.Count * r / n)).Take((int)((long)items.Count * (r + 1) / n - (long)items.Count * r / n))])];
}
