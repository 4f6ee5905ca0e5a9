namespace SmartQuant.Models.Dram;

/// <summary>Event counters, summed over all sub-channels. Background cycles are sub-channel·nCK.</summary>
public sealed class DramStats
{
    public long ReadBursts { get; internal set; }
    public long WriteBursts { get; internal set; }
    public long Activates { get; internal set; }
    public long Precharges { get; internal set; }
    public long Refreshes { get; internal set; }
    /// <summary>CAS to an already open row (no ACT/PRE issued for this request).</summary>
    public long RowHits { get; internal set; }
    /// <summary>Bank was closed: ACT + CAS.</summary>
    public long RowMisses { get; internal set; }
    /// <summary>Another row was open: PRE + ACT + CAS.</summary>
    public long RowConflicts { get; internal set; }
    /// <summary>Sub-channel·nCK with at least one bank open (IDD3N background).</summary>
    public long ActiveCycles { get; internal set; }
    /// <summary>Sub-channel·nCK with all banks precharged (IDD2N background).</summary>
    public long PrechargedCycles { get; internal set; }
    public long RequestsAccepted { get; internal set; }
    public long ResponsesDelivered { get; internal set; }
    /// <summary>Controller cycles in which a request was offered but refused (queue full).</summary>
    public long RequestsRefused { get; internal set; }
    /// <summary>Controller cycles in which a valid response was not accepted by the consumer.</summary>
    public long ResponseStallCycles { get; internal set; }

    public DramStats Clone() => (DramStats)MemberwiseClone();

    /// <summary>The events between <paramref name="before"/> (an earlier clone) and now, e.g. one phase of a run.</summary>
    public DramStats Since(DramStats before) => new()
    {
        ReadBursts = ReadBursts - before.ReadBursts, WriteBursts = WriteBursts - before.WriteBursts,
        Activates = Activates - before.Activates, Precharges = Precharges - before.Precharges, Refreshes = Refreshes - before.Refreshes,
        RowHits = RowHits - before.RowHits, RowMisses = RowMisses - before.RowMisses, RowConflicts = RowConflicts - before.RowConflicts,
        ActiveCycles = ActiveCycles - before.ActiveCycles, PrechargedCycles = PrechargedCycles - before.PrechargedCycles,
        RequestsAccepted = RequestsAccepted - before.RequestsAccepted, ResponsesDelivered = ResponsesDelivered - before.ResponsesDelivered,
        RequestsRefused = RequestsRefused - before.RequestsRefused, ResponseStallCycles = ResponseStallCycles - before.ResponseStallCycles,
    };
}
