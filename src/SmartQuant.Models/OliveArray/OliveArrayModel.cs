using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Common;
using SmartQuant.Hw.MicroScopiQ;
using SmartQuant.Hw.OliveArray;
using SmartQuant.Models.ArrayBaseline;

namespace SmartQuant.Models.OliveArray;

/// <summary>
/// Cycle-exact golden model of design "olive-array", written from docs/baseline-arrays.md: a load beat of pair p
/// decodes every column's two codes (<see cref="OlivePairCode"/>) into rows 2p, 2p+1 of the bank; column c of a token
/// is Σ_r (int_{r,c} · x_r) &lt;&lt; shift_{r,c}, wrapped to the accumulator width; timing and the output buffer as in
/// <see cref="StreamArrayModel"/>.
/// </summary>
public sealed class OliveArrayModel : StreamArrayModel
{
    private readonly OliveArrayConfig _cfg;
    private readonly long[,,] _value;   // [bank, row, col] decoded operand value int · 2^shift
    private readonly PortSlot _wValid, _wPair, _wBank, _wCodes;

    public OliveArrayModel(OliveArrayConfig cfg, OliveArrayPorts ports)
        : base(ports.Stream, cfg.Rows, cfg.Cols, cfg.AccumulatorWidth, cfg.ArrayLatency, ArrayCounters.Olive)
    {
        _cfg = cfg;
        _value = new long[2, cfg.Rows, cfg.Cols];
        (_wValid, _wPair, _wBank, _wCodes) = (ports.Stream.WValid, ports.WPair, ports.Stream.WBank, ports.WCodes);
    }

    protected override void ClearWeights() => Array.Clear(_value);

    private bool PairWritten(PortValues inputs) => inputs[_wValid] != 0 && (int)inputs[_wPair] < _cfg.Pairs;

    protected override void Load(PortValues inputs)
    {
        if (!PairWritten(inputs)) return;
        int p = (int)inputs[_wPair], b = (int)inputs[_wBank];
        var bits = inputs.GetBig(_wCodes);
        for (int c = 0; c < _cfg.Cols; c++)
        {
            var (v0, v1) = OlivePairCode.Values((int)((bits >> (8 * c)) & 15), (int)((bits >> (8 * c + 4)) & 15));
            _value[b, 2 * p, c] = v0;
            _value[b, 2 * p + 1, c] = v1;
        }
    }

    protected override long[] Compute(ReadOnlySpan<int> x, int bank, PortValues inputs)
    {
        var y = new long[_cfg.Cols];
        for (int r = 0; r < _cfg.Rows; r++)
            for (int c = 0; c < _cfg.Cols; c++) y[c] += _value[bank, r, c] * x[r];
        return y;
    }

    protected override long Increment(CounterEvent e, PortValues inputs, Step s)
    {
        long rows = _cfg.Rows, cols = _cfg.Cols, tok = s.Accept ? 1 : 0;
        bool load = PairWritten(inputs);
        return e == ArrayCounters.Macs4 || e == ArrayCounters.WeightReads || e == ArrayCounters.ActWrites || e == ArrayCounters.PsumWrites ? tok * rows * cols
            : e == ArrayCounters.WeightWrites ? (load ? 2 * cols : 0)
            : e == ArrayCounters.SkewWrites ? tok * rows * (rows - 1) / 2
            : e == ArrayCounters.DeskewWrites ? tok * cols * (cols - 1) / 2
            : e == ArrayCounters.DecoderUses ? (load ? cols : 0)
            : e == ArrayCounters.OutlierPairs ? (load ? OutlierPairsIn(inputs) : 0)
            : base.Increment(e, inputs, s);
    }

    private long OutlierPairsIn(PortValues inputs)
    {
        var bits = inputs.GetBig(_wCodes);
        long n = 0;
        for (int c = 0; c < _cfg.Cols; c++)
            if ((int)((bits >> (8 * c)) & 15) == OlivePairCode.Identifier || (int)((bits >> (8 * c + 4)) & 15) == OlivePairCode.Identifier) n++;
        return n;
    }
}
