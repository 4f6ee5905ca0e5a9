using SmartQuant.Hdl;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Hw.Common;

/// <summary>
/// What the baseline array tops (mxint-array, olive-array) share around their grids, so the two differ only in their
/// load port, grid and design-specific counts: the activation and output stream ports, the two-entry
/// <see cref="OutputBuffer"/> whose ~Full is the one global enable (so out_ready reaches no pipeline enable), the
/// in-flight count behind busy_cycles, and the counter file with the counts every stream array has (cycles, busy,
/// stalls, tokens, output-buffer writes and reads). Call order matters for port order: create the shell after the
/// design's load ports, <see cref="Instance"/> after the grid.
/// </summary>
public sealed class StreamArrayShell
{
    private readonly Module _top;
    private readonly IReadOnlyList<CounterEvent> _events;
    private readonly int _lanes, _accumulatorWidth;

    public readonly Signal ActValid, ActReady, ActBank;
    public readonly Signal[] ActData;
    public readonly Signal OutValid, OutReady, OutBank;
    public readonly Signal[] OutData, Counters;
    public OutputBuffer Output { get; private set; } = null!;
    public EventCounterFile CounterFile { get; private set; } = null!;
    /// <summary>Handshakes of this cycle: the array advances (enable), a token is accepted, a result delivered, a result enters the buffer.</summary>
    public Expr Enable { get; private set; } = null!;
    public Expr Accept { get; private set; } = null!;
    public Expr Deliver { get; private set; } = null!;
    public Expr Enter { get; private set; } = null!;

    /// <summary>Declares the stream and counter ports on <paramref name="top"/> (after its load ports).</summary>
    public StreamArrayShell(Module top, int rows, int activationWidth, int lanes, int accumulatorWidth, IReadOnlyList<CounterEvent> events)
    {
        (_top, _events, _lanes, _accumulatorWidth) = (top, events, lanes, accumulatorWidth);
        ActValid = top.In(); ActReady = top.Out(); ActBank = top.In();
        ActData = [.. Enumerable.Range(0, rows).Select(_ => top.In(activationWidth, signed: true))];
        OutValid = top.Out(); OutReady = top.In(); OutBank = top.Out();
        OutData = [.. Enumerable.Range(0, lanes).Select(_ => top.Out(accumulatorWidth, signed: true))];
        Counters = [.. events.Select(e => top.Out(ArrayCounters.CounterWidth).Named("ctr_" + e.Name))];
    }

    /// <summary>
    /// Instances the output buffer and the counter file (after the grid) and wires the grid's stream side: enable,
    /// tokens in (valid, bank, one activation per row), results out (valid, bank, one sum per lane) into the buffer.
    /// </summary>
    public void Instance(Signal gridEnable, Signal gridValidIn, Signal gridBankIn, Signal[] gridActIn, Signal gridValidOut, Signal gridBankOut, Signal[] gridAccOut)
    {
        Output = _top.Instance(new OutputBuffer(_lanes, _accumulatorWidth), "out_buf");
        CounterFile = _top.Instance(new EventCounterFile(_events), "counters");
        Enable = ~Output.Full;
        Accept = ActValid & Enable;
        Deliver = Output.OutValid & OutReady;
        Enter = gridValidOut & Enable;   // a frozen bottom is not taken twice
        gridEnable.Assign(Enable); gridValidIn.Assign(ActValid); gridBankIn.Assign(ActBank);
        for (var r = 0; r < ActData.Length; r++) gridActIn[r].Assign(ActData[r]);
        Output.InValid.Assign(Enter); Output.InBank.Assign(gridBankOut); Output.OutReady.Assign(OutReady);
        for (var j = 0; j < _lanes; j++) { Output.InData[j].Assign(gridAccOut[j]); OutData[j].Assign(Output.OutData[j]); }
        OutValid.Assign(Output.OutValid); OutBank.Assign(Output.OutBank);
        ActReady.Assign(Enable);
    }

    /// <summary>A count of <paramref name="count"/> in the cycles <paramref name="when"/> holds, else 0 (an increment).</summary>
    public static Expr Per(Expr when, long count) =>
        Logic.Mux(when, Logic.Lit(count, ArrayCounters.IncrementWidth), Logic.Lit(0, ArrayCounters.IncrementWidth));

    /// <summary>
    /// Wires the counter file: the shared counts, from the handshakes and an in-flight count (tokens accepted, not yet
    /// delivered; at most <paramref name="pipelineLatency"/> + 2 with the buffer), plus the design's own increments.
    /// </summary>
    public void Count(int pipelineLatency, IReadOnlyDictionary<CounterEvent, Expr> design)
    {
        int fw = Logic.Log2Ceil(pipelineLatency + 3) + 1;
        var inflight = _top.Reg(fw);
        inflight.Assign(inflight.AddWrap(Accept.Extend(fw)).SubWrap(Deliver.Extend(fw)));
        int iw = ArrayCounters.IncrementWidth;
        var incs = new Dictionary<CounterEvent, Expr>(design)
        {
            [ArrayCounters.Cycles] = Logic.Lit(1, iw),
            [ArrayCounters.Busy] = inflight.Ne(0).Extend(iw),
            [ArrayCounters.Stalls] = Output.Full.Extend(iw),
            [ArrayCounters.Tokens] = Accept.Extend(iw),
            [ArrayCounters.OutWrites] = Enter.Extend(iw),
            [ArrayCounters.OutReads] = Deliver.Extend(iw),
        };
        for (var i = 0; i < _events.Count; i++)
        {
            CounterFile.Increment[i].Assign(incs[_events[i]]);
            Counters[i].Assign(CounterFile.Count[i]);
        }
    }
}
