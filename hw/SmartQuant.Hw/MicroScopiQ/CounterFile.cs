using SmartQuant.Hdl;

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

/// <summary>Counters of <see cref="MicroScopiQCounters.All"/> (or of <see cref="MicroScopiQCounters.For"/>): each adds its increment every cycle (wrapping).</summary>
public sealed class CounterFile : Module
{
    public readonly Signal[] Increment, Count;

    public CounterFile(IReadOnlyList<CounterEvent>? only = null)
    {
        var events = only ?? MicroScopiQCounters.All;
        Increment = [.. events.Select(e => In(MicroScopiQCounters.IncrementWidth).Named("inc_" + e.Name))];
        Count = [.. events.Select(e => Out(MicroScopiQConfig.CounterWidth).Named("ctr_" + e.Name))];
        for (var i = 0; i < events.Count; i++)
        {
            var reg = Reg(MicroScopiQConfig.CounterWidth).Named("count_" + events[i].Name);
            reg.Assign(reg.AddWrap(Increment[i].Extend(MicroScopiQConfig.CounterWidth)));
            Count[i].Assign(reg);
        }
    }
}
