using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Common;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Models.ArrayBaseline;

/// <summary>
/// What the baseline arrays' golden models share, written from docs/baseline-arrays.md ("Timing"): a token accepted in
/// enabled cycle t reaches the array bottom in enabled cycle t + 1 + ArrayLatency and enters the two-entry output buffer
/// at the end of that cycle if the array advances (out_valid from the next cycle); the array advances while the buffer
/// is not full; act_ready = that enable; w_ready = 1. A token's result is computed at acceptance from the weights then
/// held (host contract: a bank is not rewritten while tokens that use it are in flight; twoBitMode changes only while idle).
/// The design supplies the arithmetic, the load port and its own counters.
/// </summary>
public abstract class StreamArrayModel : ICycleModel
{
    private readonly int _rows, _lanes, _accBits, _arrayLatency;
    private readonly Queue<(long[] Lanes, int Bank, long Age)> _inflight = new();
    private readonly Queue<(long[] Lanes, int Bank)> _outBuffer = new();
    private readonly IReadOnlyList<CounterEvent> _events;
    private readonly long[] _counters;
    private readonly int[] _x;
    private readonly PortSlot _actValid, _actBank, _outReady, _wReady, _actReady, _outValid, _outBank;
    private readonly PortSlot[] _actData, _outData, _ctr;

    /// <summary>The stream ports this model reads and writes (bound to the elaborated top's signals).</summary>
    public ArrayStreamPorts StreamPorts { get; }

    protected StreamArrayModel(ArrayStreamPorts ports, int rows, int lanes, int accumulatorWidth, int arrayLatency, IReadOnlyList<CounterEvent> events)
    {
        StreamPorts = ports;
        (_rows, _lanes, _accBits, _arrayLatency, _events) = (rows, lanes, accumulatorWidth, arrayLatency, events);
        _counters = new long[events.Count];
        _x = new int[rows];
        (_actValid, _actBank, _outReady) = (ports.ActValid, ports.ActBank, ports.OutReady);
        (_wReady, _actReady, _outValid, _outBank) = (ports.WReady, ports.ActReady, ports.OutValid, ports.OutBank);
        (_actData, _outData, _ctr) = (ports.ActData, ports.OutData, ports.Counters);
        if (_actData.Length != rows || _outData.Length != lanes || _ctr.Length != events.Count)
            throw new ArgumentException($"the ports are bound to a top with {_actData.Length} rows, {_outData.Length} lanes and {_ctr.Length} counters, not {rows}, {lanes} and {events.Count}");
    }

    /// <summary>Cycles from acceptance to out_valid without stalls.</summary>
    public long Latency => 2 + (long)_arrayLatency;
    /// <summary>The counter values, in the order of the design's counter list.</summary>
    public IReadOnlyList<long> Counters => _counters;
    /// <summary>The counters as named action counts (for the energy model).</summary>
    public ArrayActionCounts ActionCounts => ArrayActionCounts.From(_events, _counters);
    /// <summary>Tokens accepted and not yet delivered (line trace).</summary>
    public int InFlight => _inflight.Count + _outBuffer.Count;
    public int BufferedOutputs => _outBuffer.Count;

    public void Reset()
    {
        _inflight.Clear();
        _outBuffer.Clear();
        Array.Clear(_counters);
        ClearWeights();
    }

    public void Evaluate(PortValues inputs, PortValues outputs)
    {
        bool en = _outBuffer.Count < 2;
        bool valid = _outBuffer.Count > 0;
        outputs[_wReady] = 1;
        outputs[_actReady] = en ? 1UL : 0;
        outputs[_outValid] = valid ? 1UL : 0;
        outputs[_outBank] = valid ? (ulong)_outBuffer.Peek().Bank : 0;
        for (int j = 0; j < _lanes; j++) outputs.SetSigned(_outData[j], valid ? _outBuffer.Peek().Lanes[j] : 0);
        const ulong mask = (1UL << ArrayCounters.CounterWidth) - 1;
        for (int i = 0; i < _ctr.Length; i++) outputs[_ctr[i]] = (ulong)_counters[i] & mask;
    }

    public void Tick(PortValues inputs)
    {
        bool full = _outBuffer.Count == 2, en = !full;
        bool deliver = _outBuffer.Count > 0 && inputs[_outReady] != 0;
        bool accept = en && inputs[_actValid] != 0;
        bool enter = en && _inflight.Count > 0 && _inflight.Peek().Age == 1 + _arrayLatency;
        var common = new Step(accept, enter, deliver, full, _inflight.Count + _outBuffer.Count > 0);
        for (int i = 0; i < _counters.Length; i++) _counters[i] += Increment(_events[i], inputs, common);

        if (deliver) _outBuffer.Dequeue();
        if (en)
        {
            if (enter) { var done = _inflight.Dequeue(); _outBuffer.Enqueue((done.Lanes, done.Bank)); }
            int n = _inflight.Count;
            for (int i = 0; i < n; i++) { var t = _inflight.Dequeue(); _inflight.Enqueue((t.Lanes, t.Bank, t.Age + 1)); }
            if (accept)
            {
                int bank = (int)inputs[_actBank];
                for (int r = 0; r < _rows; r++) _x[r] = (int)inputs.GetSigned(_actData[r]);
                var y = Compute(_x, bank, inputs);
                for (int j = 0; j < y.Length; j++) y[j] = (y[j] << (64 - _accBits)) >> (64 - _accBits); // sums wrap at the accumulator width
                _inflight.Enqueue((y, bank, 1));
            }
        }
        Load(inputs);
    }

    /// <summary>This cycle's handshakes, for the counters.</summary>
    protected readonly record struct Step(bool Accept, bool Enter, bool Deliver, bool Full, bool Busy);

    /// <summary>The shared events' increments; designs add theirs by overriding and falling back to this.</summary>
    protected virtual long Increment(CounterEvent e, PortValues inputs, Step s) =>
        e == ArrayCounters.Cycles ? 1
        : e == ArrayCounters.Busy ? (s.Busy ? 1 : 0)
        : e == ArrayCounters.Stalls ? (s.Full ? 1 : 0)
        : e == ArrayCounters.Tokens ? (s.Accept ? 1 : 0)
        : e == ArrayCounters.OutWrites ? (s.Enter ? 1 : 0)
        : e == ArrayCounters.OutReads ? (s.Deliver ? 1 : 0)
        : throw new InvalidOperationException($"no model of counter '{e.Name}'");

    /// <summary>Exact lane sums of one token x (one INT8 per row) against the weights of <paramref name="bank"/> (wrapped by the caller).</summary>
    protected abstract long[] Compute(ReadOnlySpan<int> x, int bank, PortValues inputs);
    /// <summary>The load port's write of this cycle (after the token of this cycle took its weights).</summary>
    protected abstract void Load(PortValues inputs);
    /// <summary>Weight registers reset to zero.</summary>
    protected abstract void ClearWeights();
}
