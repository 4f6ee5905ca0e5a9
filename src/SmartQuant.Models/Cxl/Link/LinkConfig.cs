namespace SmartQuant.Models.Cxl.Link;

/// <summary>
/// The CXL.mem link between the host and the cxl-store device (docs/cxl-link.md): a PCIe Gen5 physical layer carrying
/// CXL 2.0 68-byte flits, its one-way latency, the credits each receiver advertises per channel, and how many
/// requests the host keeps outstanding. Validated in one place (<see cref="Validate"/>).
/// </summary>
public sealed record LinkConfig
{
    public const int FlitBytes = 68;
    /// <summary>PCIe Gen3..5 line code: 128 payload bits per 130 transferred bits.</summary>
    public const int EncodingNum = 128, EncodingDen = 130;

    public int Lanes { get; init; } = 16;
    public int GigaTransfersPerSecond { get; init; } = 32;
    /// <summary>One-way latency of a flit (transmit port, PHY, wire, receive port), excluding its serialization.</summary>
    public double LatencyNs { get; init; } = 35;
    /// <summary>Credits the device advertises at reset for M2S Req and M2S RwD (= its receive buffers).</summary>
    public int ReqCredits { get; init; } = 96;
    public int RwdCredits { get; init; } = 96;
    /// <summary>Credits the host advertises at reset for S2M DRS and S2M NDR.</summary>
    public int DrsCredits { get; init; } = 96;
    public int NdrCredits { get; init; } = 96;
    /// <summary>Requests the host keeps in flight (issued, response not yet received).</summary>
    public int HostOutstanding { get; init; } = 256;
    /// <summary>Messages the host hands to its transmitter per cycle (round robin over its streams).</summary>
    public int HostIssuePerCycle { get; init; } = 4;
    /// <summary>Data messages whose header is sent and data is not: the packer's rollover limit.</summary>
    public int MaxDataInFlight { get; init; } = 4;

    public static LinkConfig X16 { get; } = new();
    public static LinkConfig X8 { get; } = new() { Lanes = 8 };

    /// <summary>Bytes per second per direction after the 128b/130b line code.</summary>
    public double BytesPerSecond => Lanes * (double)GigaTransfersPerSecond * 1e9 / 8 * EncodingNum / EncodingDen;
    public double FlitsPerSecond => BytesPerSecond / FlitBytes;

    /// <summary>
    /// Flit slots per device cycle as an exact fraction: Lanes·GT/s·(128/130)/8 bytes per ns times the cycle (ns)
    /// over 68 bytes. <paramref name="deviceKHz"/> is the device clock in kHz (1.2 GHz = 1 200 000).
    /// </summary>
    public (long Num, long Den) FlitsPerCycle(long deviceKHz) =>
        ((long)Lanes * GigaTransfersPerSecond * EncodingNum * 1_000_000, (long)EncodingDen * 8 * FlitBytes * deviceKHz);

    /// <summary>The one-way latency in whole device cycles (rounded up).</summary>
    public int LatencyCycles(double cycleNs) => (int)Math.Ceiling(LatencyNs / cycleNs - 1e-9);

    /// <summary>Throws <see cref="ArgumentException"/> naming the offending field.</summary>
    public void Validate()
    {
        if (Lanes is not (1 or 2 or 4 or 8 or 16)) throw new ArgumentException($"LinkConfig.Lanes must be 1, 2, 4, 8 or 16 (got {Lanes}).");
        if (GigaTransfersPerSecond is not (8 or 16 or 32)) throw new ArgumentException($"LinkConfig.GigaTransfersPerSecond must be 8, 16 or 32 (68-byte flits run on PCIe Gen3-5; got {GigaTransfersPerSecond}).");
        if (!(LatencyNs >= 0) || double.IsInfinity(LatencyNs)) throw new ArgumentException($"LinkConfig.LatencyNs must be a finite non-negative number (got {LatencyNs}).");
        foreach (var (name, v) in new[] { ("ReqCredits", ReqCredits), ("RwdCredits", RwdCredits), ("DrsCredits", DrsCredits), ("NdrCredits", NdrCredits),
                     ("HostOutstanding", HostOutstanding), ("HostIssuePerCycle", HostIssuePerCycle), ("MaxDataInFlight", MaxDataInFlight) })
            if (v <= 0) throw new ArgumentException($"LinkConfig.{name} must be positive (got {v}).");
        if (HostOutstanding > 1 << 16) throw new ArgumentException($"LinkConfig.HostOutstanding must not exceed the 16-bit tag space (got {HostOutstanding}).");
    }
}
