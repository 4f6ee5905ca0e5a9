namespace SmartQuant.Hw.Cxl;

public enum CounterKind { Count, AddLine, AddValue, Max }

/// <summary>One counter: <see cref="Count"/> adds 1, <see cref="CounterKind.AddLine"/> adds 64 (bytes of a line),
/// AddValue adds a 16-bit value, Max keeps the largest value seen. <paramref name="Event"/> is what it counts (one of
/// <see cref="CxlCounters"/>' names); a per-region counter also carries its <paramref name="Region"/>, so the RTL and
/// the golden model select its event without parsing the register name.</summary>
public sealed record CounterDef(string Event, int? Region, CounterKind Kind, int Width, int Index)
{
    /// <summary>The register's name: the event, and for a per-region counter "_r".</summary>
    public string Name => Region is int r ? $"{Event}_{r}" : Event;
}

/// <summary>
/// The counter file's event list: the one definition the RTL counter file, the golden model and the driver share.
/// Per-region counters are expanded as Name_r. Indices are the register addresses minus 0x80.
/// </summary>
public static class CxlCounters
{
    public const string ReadRequests = "read_requests", WriteRequests = "write_requests";
    public const string DramReadBursts = "dram_read_bursts", DramWriteBursts = "dram_write_bursts";
    public const string BytesReturned = "bytes_returned", BufferHits = "buffer_hits", BufferMisses = "buffer_misses";
    public const string ReadsCompleted = "reads_completed", LatencySum = "latency_sum", LatencyMax = "latency_max";
    public const string WritesCompleted = "writes_completed", ErrorsNxm = "errors_nxm";
    public const string ErrorsLowPrecisionWrite = "errors_low_precision_write", ErrorsUnsupported = "errors_unsupported";
    /// <summary>M2S messages dropped because they arrived on a full input buffer: the host sent without a credit
    /// (docs/cxl-store.md, "Credits"), one counter per channel so two in one cycle are both counted.</summary>
    public const string ErrorsCreditOverrunReq = "errors_credit_overrun_req", ErrorsCreditOverrunRwd = "errors_credit_overrun_rwd";

    /// <summary>Counters for <paramref name="cfg"/>: per-region request counters first, then the global ones.</summary>
    public static IReadOnlyList<CounterDef> Events(CxlStoreConfig cfg)
    {
        var list = new List<CounterDef>();
        void Add(string name, CounterKind kind, int width = CxlStoreConfig.CounterBits, int? region = null) =>
            list.Add(new(name, region, kind, width, list.Count));
        for (var r = 0; r < cfg.Regions; r++) Add(ReadRequests, CounterKind.Count, region: r);
        for (var r = 0; r < cfg.Regions; r++) Add(WriteRequests, CounterKind.Count, region: r);
        Add(DramReadBursts, CounterKind.Count);
        Add(DramWriteBursts, CounterKind.Count);
        Add(BytesReturned, CounterKind.AddLine, CxlStoreConfig.WideCounterBits);
        Add(BufferHits, CounterKind.Count);
        Add(BufferMisses, CounterKind.Count);
        Add(ReadsCompleted, CounterKind.Count);
        Add(LatencySum, CounterKind.AddValue, CxlStoreConfig.WideCounterBits);
        Add(LatencyMax, CounterKind.Max, CxlStoreConfig.TimestampBits);
        Add(WritesCompleted, CounterKind.Count);
        Add(ErrorsNxm, CounterKind.Count);
        Add(ErrorsLowPrecisionWrite, CounterKind.Count);
        Add(ErrorsUnsupported, CounterKind.Count);
        Add(ErrorsCreditOverrunReq, CounterKind.Count);
        Add(ErrorsCreditOverrunRwd, CounterKind.Count);
        return list;
    }

    public static int IndexOf(CxlStoreConfig cfg, string name) =>
        Events(cfg).FirstOrDefault(c => c.Name == name)?.Index ?? throw new ArgumentException($"no counter '{name}'");
}
