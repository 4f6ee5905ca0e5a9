using SmartQuant.Hw.Common;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Models.ArrayBaseline;

/// <summary>
/// Per-run action counts of a baseline array (mxint-array, olive-array), as its counter file reports them: what an
/// energy model multiplies by per-action energies. Counts a design does not have are 0 (mxint-array has no decoder,
/// olive-array no 2-bit MACs). Register counts are words; their widths are in docs/baseline-arrays.md ("Counters").
/// </summary>
/// <param name="Cycles">Clock cycles since reset.</param>
/// <param name="BusyCycles">Cycles with a token in flight (accepted, not yet delivered).</param>
/// <param name="StallCycles">Cycles frozen by output back-pressure.</param>
/// <param name="Tokens">Activation vectors accepted.</param>
/// <param name="Macs4">4-bit weight × INT8 activation multiply-accumulates.</param>
/// <param name="Macs2">2-bit weight × INT8 activation multiply-accumulates.</param>
/// <param name="WeightRegWrites">PE weight-register words written by the load port (mxint: 4-bit codes; olive: 7-bit decoded operands).</param>
/// <param name="WeightRegReads">PE weight-register words read by passing tokens.</param>
/// <param name="ActRegWrites">Activation registers written with a token (PE registers; mxint also the row entry register).</param>
/// <param name="PsumRegWrites">Partial-sum registers (AccumulatorWidth bits) written with a token's sum.</param>
/// <param name="SkewRegWrites">Row-skew delay registers written with a token (10 bits: activation, valid, bank).</param>
/// <param name="DeskewRegWrites">Column-deskew delay registers written with a token's sums (mxint: two lanes, olive: one lane of AccumulatorWidth bits).</param>
/// <param name="OutBufferWrites">Results (one per token, all lanes) written into the output buffer.</param>
/// <param name="OutBufferReads">Results read out of the output buffer.</param>
/// <param name="DecoderUses">OliVe pair decodes (one per column per load beat).</param>
/// <param name="OutlierPairs">Decoded pairs that were outlier–victim pairs.</param>
public sealed record ArrayActionCounts(
    long Cycles, long BusyCycles, long StallCycles, long Tokens, long Macs4, long Macs2,
    long WeightRegWrites, long WeightRegReads, long ActRegWrites, long PsumRegWrites, long SkewRegWrites, long DeskewRegWrites,
    long OutBufferWrites, long OutBufferReads, long DecoderUses, long OutlierPairs)
{
    /// <summary>Cycles with nothing in flight.</summary>
    public long IdleCycles => Cycles - BusyCycles;

    /// <summary>The counts from a counter file's values (<paramref name="values"/>[i] belongs to <paramref name="events"/>[i]).</summary>
    public static ArrayActionCounts From(IReadOnlyList<CounterEvent> events, IReadOnlyList<long> values)
    {
        if (events.Count != values.Count) throw new ArgumentException($"{values.Count} values for {events.Count} counters");
        long V(CounterEvent e) { for (int i = 0; i < events.Count; i++) if (events[i] == e) return values[i]; return 0; }
        return new(V(ArrayCounters.Cycles), V(ArrayCounters.Busy), V(ArrayCounters.Stalls), V(ArrayCounters.Tokens),
            V(ArrayCounters.Macs4), V(ArrayCounters.Macs2), V(ArrayCounters.WeightWrites), V(ArrayCounters.WeightReads),
            V(ArrayCounters.ActWrites), V(ArrayCounters.PsumWrites), V(ArrayCounters.SkewWrites), V(ArrayCounters.DeskewWrites),
            V(ArrayCounters.OutWrites), V(ArrayCounters.OutReads), V(ArrayCounters.DecoderUses), V(ArrayCounters.OutlierPairs));
    }
}
