using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Common;
using SmartQuant.Hw.MicroScopiQ;
using SmartQuant.Hw.MxIntArray;
using SmartQuant.Models.ArrayBaseline;

namespace SmartQuant.Models.MxIntArray;

/// <summary>
/// Cycle-exact golden model of design "mxint-array", written from docs/baseline-arrays.md: lane j of a token is
/// Σ_r w_{r,j} · (x_r &lt;&lt; sh_r), w the sign-magnitude weight of the token's bank (bb = 4: {s, 3-bit magnitude} on the
/// even lane; bb = 2: two {s, 1-bit magnitude} codes, lane 2c in bits [1:0], lane 2c+1 in [3:2]), wrapped to the
/// accumulator width; timing and the two-entry output buffer as in <see cref="StreamArrayModel"/>.
/// </summary>
public sealed class MxIntArrayModel : StreamArrayModel
{
    private readonly MxIntArrayConfig _cfg;
    private readonly byte[,,] _weights;   // [bank, row, col] 4-bit words
    private readonly int[,] _shift;       // [bank, row]
    private readonly PortSlot _twoBitMode, _wValid, _wRow, _wBank, _wWeights, _wShift;

    public MxIntArrayModel(MxIntArrayConfig cfg, MxIntArrayPorts ports)
        : base(ports.Stream, cfg.Rows, cfg.Lanes, cfg.AccumulatorWidth, cfg.ArrayLatency, ArrayCounters.MxInt)
    {
        _cfg = cfg;
        _weights = new byte[2, cfg.Rows, cfg.Cols];
        _shift = new int[2, cfg.Rows];
        (_twoBitMode, _wValid, _wRow, _wBank) = (ports.TwoBitMode, ports.Stream.WValid, ports.WRow, ports.Stream.WBank);
        (_wWeights, _wShift) = (ports.WWeights, ports.WShift);
    }

    protected override void ClearWeights() { Array.Clear(_weights); Array.Clear(_shift); }

    protected override void Load(PortValues inputs)
    {
        if (inputs[_wValid] == 0) return;
        int row = (int)inputs[_wRow];
        if (row >= _cfg.Rows) return;   // no such row: nothing is written
        int b = (int)inputs[_wBank];
        var bits = inputs.GetBig(_wWeights);
        for (int c = 0; c < _cfg.Cols; c++) _weights[b, row, c] = (byte)((bits >> (4 * c)) & 15);
        _shift[b, row] = (int)inputs[_wShift];
    }

    protected override long[] Compute(ReadOnlySpan<int> x, int bank, PortValues inputs)
    {
        bool twoBitMode = inputs[_twoBitMode] != 0;
        var y = new long[_cfg.Lanes];
        for (int r = 0; r < _cfg.Rows; r++)
        {
            long xs = (long)x[r] << _shift[bank, r];
            for (int c = 0; c < _cfg.Cols; c++)
            {
                int w = _weights[bank, r, c];
                if (twoBitMode)
                {
                    y[2 * c] += SignMagnitude(w & 3, 1) * xs;
                    y[2 * c + 1] += SignMagnitude(w >> 2, 1) * xs;
                }
                else y[2 * c] += SignMagnitude(w, 3) * xs;
            }
        }
        return y;
    }

    /// <summary>Value of a sign-magnitude code with <paramref name="magBits"/> magnitude bits under the sign.</summary>
    public static int SignMagnitude(int code, int magBits)
    {
        int mag = code & ((1 << magBits) - 1);
        return (code >> magBits & 1) != 0 ? -mag : mag;
    }

    protected override long Increment(CounterEvent e, PortValues inputs, Step s)
    {
        long rows = _cfg.Rows, cols = _cfg.Cols;
        bool twoBitMode = inputs[_twoBitMode] != 0;
        long tok = s.Accept ? 1 : 0;
        return e == ArrayCounters.Macs4 ? (twoBitMode ? 0 : tok * rows * cols)
            : e == ArrayCounters.Macs2 ? (twoBitMode ? tok * rows * 2 * cols : 0)
            : e == ArrayCounters.WeightWrites ? (inputs[_wValid] != 0 && (int)inputs[_wRow] < _cfg.Rows ? cols : 0)
            : e == ArrayCounters.WeightReads ? tok * rows * cols
            : e == ArrayCounters.ActWrites ? tok * rows * (cols + 1)
            : e == ArrayCounters.PsumWrites ? tok * rows * (twoBitMode ? 2 * cols : cols)
            : e == ArrayCounters.SkewWrites ? tok * rows * (rows - 1) / 2
            : e == ArrayCounters.DeskewWrites ? tok * cols * (cols - 1) / 2
            : base.Increment(e, inputs, s);
    }
}
