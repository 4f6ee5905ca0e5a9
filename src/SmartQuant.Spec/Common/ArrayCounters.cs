using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Hw.Common;

/// <summary>
/// Action counters of the baseline arrays (mxint-array, olive-array, mac-array with counters): what an Accelergy-style energy model multiplies
/// by per-action energies. Each design lists the subset it has; its RTL counter file (EventCounterFile in hw/, port
/// "ctr_" + name) and its golden model iterate the same list. Register counts are words of the width given in
/// docs/baseline-arrays.md ("Counters"); per-token counts are those a token's data causes on its way through the array.
/// </summary>
public static class ArrayCounters
{
    public static readonly CounterEvent Cycles = new("cycles", "clock cycles since reset");
    public static readonly CounterEvent Busy = new("busy_cycles", "cycles with at least one accepted token not yet delivered (idle = cycles − busy)");
    public static readonly CounterEvent Stalls = new("stall_cycles", "cycles the pipeline was frozen by output back-pressure (output buffer full)");
    public static readonly CounterEvent Tokens = new("tokens", "accepted activation vectors (one INT8 per row)");
    public static readonly CounterEvent Macs4 = new("macs_w4", "4-bit-weight × 8-bit-activation multiply-accumulates (every PE lane a token passes at bb = 4)");
    public static readonly CounterEvent Macs2 = new("macs_w2", "2-bit-weight × 8-bit-activation multiply-accumulates (both lanes of every PE at bb = 2)");
    public static readonly CounterEvent WeightWrites = new("weight_reg_writes", "PE weight-register words written through the load port");
    public static readonly CounterEvent WeightReads = new("weight_reg_reads", "PE weight-register words read by a passing token (one per PE per token)");
    public static readonly CounterEvent ActWrites = new("act_reg_writes", "activation registers written with a token (PE registers and row entry registers)");
    public static readonly CounterEvent PsumWrites = new("psum_reg_writes", "partial-sum registers written with a token's sum (active lanes only)");
    public static readonly CounterEvent SkewWrites = new("skew_reg_writes", "row-skew delay registers written with a token (activation, valid, bank)");
    public static readonly CounterEvent DeskewWrites = new("deskew_reg_writes", "column-deskew delay registers written with a token's sums (one per PE column stage)");
    public static readonly CounterEvent OutWrites = new("out_buffer_writes", "results written into the two-entry output buffer");
    public static readonly CounterEvent OutReads = new("out_buffer_reads", "results read out of the output buffer (delivered)");
    public static readonly CounterEvent DecoderUses = new("decoder_uses", "pair decodes: one per column per load beat (OliVe pair decoders)");
    public static readonly CounterEvent LoadCycles = new("load_cycles", "enabled cycles with load_weight high: every PE's weight register takes the one above (a weight row enters)");
    public static readonly CounterEvent StreamSteps = new("stream_steps", "enabled cycles with load_weight low: activations move one PE east, partial sums one PE south");
    public static readonly CounterEvent Macs8 = new("macs_w8", "8-bit × 8-bit multiply-accumulates: a non-zero activation entering a row meets the Cols PEs of that row (data-gated multipliers skip zeros)");
    public static readonly CounterEvent OutlierPairs = new("outlier_pairs", "decoded pairs that were outlier–victim pairs");

    public const int IncrementWidth = MicroScopiQCounters.IncrementWidth;
    public const int CounterWidth = MicroScopiQConfig.CounterWidth;

    /// <summary>mxint-array's counters.</summary>
    public static IReadOnlyList<CounterEvent> MxInt { get; } =
        [Cycles, Busy, Stalls, Tokens, Macs4, Macs2, WeightWrites, WeightReads, ActWrites, PsumWrites, SkewWrites, DeskewWrites, OutWrites, OutReads];

    /// <summary>mac-array's counters (with <c>MacArrayConfig.Counters</c>): it has no stream handshake, so no tokens or
    /// buffer counts; its golden model counts the same events from its ports.</summary>
    public static IReadOnlyList<CounterEvent> MacArray { get; } = [Cycles, LoadCycles, StreamSteps, Macs8];

    /// <summary>olive-array's counters (all MACs are 4-bit; the pair decoders add two).</summary>
    public static IReadOnlyList<CounterEvent> Olive { get; } =
        [Cycles, Busy, Stalls, Tokens, Macs4, WeightWrites, WeightReads, ActWrites, PsumWrites, SkewWrites, DeskewWrites, OutWrites, OutReads, DecoderUses, OutlierPairs];
}
