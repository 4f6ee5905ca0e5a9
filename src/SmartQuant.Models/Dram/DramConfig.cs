using System.Numerics;

namespace SmartQuant.Models.Dram;

/// <summary>
/// Whole configuration of the DRAM model, validated in one place (<see cref="Validate"/>).
/// Defaults: 4 DDR5-4800 sub-channels of one 8 × x4 16 Gb rank each (docs/spec/dram.md),
/// controller clock = DRAM clock / 2 (1.2 GHz), 64 outstanding requests.
/// </summary>
public sealed record DramConfig
{
    public const int LineBytes = 64;

    /// <summary>Independent 32-bit sub-channels (each with its own command and data bus).</summary>
    public int SubChannels { get; init; } = 4;
    public int BankGroups { get; init; } = 8;
    public int BanksPerGroup { get; init; } = 4;
    public int RowsPerBank { get; init; } = 65536;
    /// <summary>Row (page) size of a sub-channel rank: 8 devices × 1 KB = 8 KB.</summary>
    public int RowBytes { get; init; } = 8192;
    /// <summary>Contiguous bytes kept in one row before the map moves to the next sub-channel/bank
    /// group: one INT8 bit-plane block (8 planes × 64 B). Use 1024 for 16-bit blocks.</summary>
    public int InterleaveBytes { get; init; } = 512;
    /// <summary>Maximum reads inside the model (accepted, response not yet delivered); with
    /// <see cref="WriteQueueDepth"/> = 0 the maximum of reads and writes together (one shared queue).</summary>
    public int QueueDepth { get; init; } = 64;
    /// <summary>
    /// Write queue of a controller that buffers writes apart from reads (docs/dram-model.md, "Write queue and drain"):
    /// at most this many writes inside the model, from acceptance until their acknowledgement is consumed. 0 = no
    /// separate write queue (reads and writes share <see cref="QueueDepth"/> and the scheduler sees both at once).
    /// Default 256 (64 per sub-channel at the default 4 sub-channels): a block's 8 plane writes go to one bank group,
    /// spaced tCCD_L_WR = 48 nCK, so a sub-channel's data bus needs writes of 6 bank groups queued to stay busy.
    /// </summary>
    public int WriteQueueDepth { get; init; } = 256;
    /// <summary>A sub-channel switches to draining writes when it holds this many (or holds no read).</summary>
    public int WriteHighWatermark { get; init; } = 32;
    /// <summary>A draining sub-channel returns to reads when its writes fall to this many (and a read waits).</summary>
    public int WriteLowWatermark { get; init; } = 8;
    /// <summary>DRAM command clocks (nCK) per controller cycle; 2 ⇒ controller at 1.2 GHz.</summary>
    public int ClockRatio { get; init; } = 2;
    public Ddr5Timing Timing { get; init; } = Ddr5Timing.Ddr5_4800AN;
    public DramPowerParams Power { get; init; } = DramPowerParams.Ddr5_4800_x4;

    public int BanksPerSubChannel => BankGroups * BanksPerGroup;
    public int LinesPerRow => RowBytes / LineBytes;
    public long CapacityBytes => (long)SubChannels * BanksPerSubChannel * RowsPerBank * RowBytes;

    /// <summary>Controller clock period in ns.</summary>
    public double ControllerCycleNs => ClockRatio * Timing.TckNs;

    /// <summary>Peak data-bus bandwidth: every sub-channel moves 64 B every BL/2 nCK.</summary>
    public double PeakBandwidthBytesPerSecond =>
        SubChannels * (double)LineBytes / (Timing.BurstCycles * Timing.TckNs * 1e-9);

    /// <summary>Port limit: one request and one response per controller cycle.</summary>
    public double PortBandwidthBytesPerSecond => LineBytes / (ControllerCycleNs * 1e-9);

    public static DramConfig Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the offending field.</summary>
    public void Validate()
    {
        static void Pow2(int v, string name)
        {
            if (v <= 0 || !BitOperations.IsPow2(v))
                throw new ArgumentException($"DramConfig.{name} must be a positive power of two (got {v}); the address map slices bit fields.");
        }
        Pow2(SubChannels, nameof(SubChannels));
        Pow2(BankGroups, nameof(BankGroups));
        Pow2(BanksPerGroup, nameof(BanksPerGroup));
        Pow2(RowsPerBank, nameof(RowsPerBank));
        Pow2(RowBytes, nameof(RowBytes));
        Pow2(InterleaveBytes, nameof(InterleaveBytes));
        if (BanksPerSubChannel > 64)
            throw new ArgumentException($"DramConfig: BankGroups × BanksPerGroup ({BanksPerSubChannel}) must not exceed 64 banks per sub-channel.");
        if (RowBytes < LineBytes)
            throw new ArgumentException($"DramConfig.RowBytes ({RowBytes}) must be at least one 64-byte burst.");
        if (InterleaveBytes < LineBytes || InterleaveBytes > RowBytes)
            throw new ArgumentException($"DramConfig.InterleaveBytes ({InterleaveBytes}) must be between 64 and RowBytes ({RowBytes}).");
        if (QueueDepth <= 0)
            throw new ArgumentException($"DramConfig.QueueDepth must be positive (got {QueueDepth}).");
        if (WriteQueueDepth < 0)
            throw new ArgumentException($"DramConfig.WriteQueueDepth must be 0 (shared queue) or positive (got {WriteQueueDepth}).");
        if (WriteQueueDepth > 0 && (WriteLowWatermark < 0 || WriteHighWatermark <= WriteLowWatermark))
            throw new ArgumentException($"DramConfig.WriteHighWatermark ({WriteHighWatermark}) must exceed WriteLowWatermark ({WriteLowWatermark}), which must be at least 0.");
        if (ClockRatio <= 0)
            throw new ArgumentException($"DramConfig.ClockRatio (nCK per controller cycle) must be positive (got {ClockRatio}).");
        if (Timing is null) throw new ArgumentException("DramConfig.Timing must be set.");
        if (Power is null) throw new ArgumentException("DramConfig.Power must be set.");
        Timing.Validate();
        Power.Validate();
        if (BitOperations.Log2((ulong)CapacityBytes) > 62)
            throw new ArgumentException("DramConfig describes more than 2^62 bytes.");
    }
}
