namespace SmartQuant.Hw.MicroScopiQ;

public static partial class MicroScopiQCounters
{
    public static readonly CounterEvent ReconStalls = new("recon_stall_cycles", "cycles the pipeline was frozen only because a ReCoN request was not served (shared ReCoN)");

    // Built on first use: static initializers of the two halves of this partial class run in no defined order.
    private static IReadOnlyList<CounterEvent>? _shared;

    /// <summary>The events of <paramref name="cfg"/>: <see cref="All"/>, plus <see cref="ReconStalls"/> with shared ReCoN units
    /// (the one-per-row design keeps its six counters and its Verilog).</summary>
    public static IReadOnlyList<CounterEvent> For(MicroScopiQConfig cfg) => cfg.SharedRecon ? _shared ??= [.. All, ReconStalls] : All;
}
