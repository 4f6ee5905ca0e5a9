namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>One performance event: its counter port is "ctr_" + Name.</summary>
public sealed record CounterEvent(string Name, string Description);

/// <summary>
/// The single list of MicroScopiQ performance events. The RTL counter file and the golden model both iterate it, so
/// names, order and widths cannot drift apart; each side computes the per-cycle increment of every event.
/// </summary>
public static partial class MicroScopiQCounters
{
    public static readonly CounterEvent Cycles = new("cycles", "clock cycles since reset");
    public static readonly CounterEvent Busy = new("busy_cycles", "cycles with at least one accepted token not yet delivered");
    public static readonly CounterEvent Macs = new("macs", "useful multiply-accumulates: Rows × active lanes per accepted token");
    public static readonly CounterEvent Recon = new("recon_traversals", "row-tokens that went through a ReCoN holding outlier µBs");
    public static readonly CounterEvent Conflicts = new("arb_conflicts", "ReCoN requests (row-tokens) that lost arbitration and had to wait (0 with one ReCoN per row)");
    public static readonly CounterEvent Stalls = new("stall_cycles", "cycles the pipeline was frozen by output back-pressure");

    public static IReadOnlyList<CounterEvent> All { get; } = [Cycles, Busy, Macs, Recon, Conflicts, Stalls];
    public const int IncrementWidth = 24;
}
