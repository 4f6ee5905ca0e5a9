using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Common;
using SmartQuant.Hw.MacArray;

namespace SmartQuant.Models.MacArray;

/// <summary>
/// Golden cycle model of the weight-stationary MAC array, written from its dataflow rather than its PE netlist.
/// Time is counted in enabled cycles ("steps"; a stall changes nothing). Activations enter row r at the west edge and
/// reach column c after c steps; a column's partial sum passes row r at step t and leaves the south edge
/// Rows−1−r steps later. So the south output of column c after step k is
/// Σ_r act_r(k − (Rows−1−r) − c) · w_{r,c}(k − (Rows−1−r)), wrapped to the accumulator width, where act_r(t) is
/// the activation presented to row r at step t (0 before reset) and w_{r,c}(t) is the stationary weight of row r
/// at step t: the (r+1)-th most recent value loaded into column c before step t (0 if fewer loads since reset).
/// </summary>
public sealed class MacArrayGolden : ICycleModel
{
    private readonly int _rows, _cols, _operandBits, _accBits;
    private readonly PortSlot _enable, _load;
    private readonly PortSlot[] _act, _weightIn, _psum;

    // Histories: per step the activations of every row and the number of weight loads before it;
    // per load the values presented to every column. Ring sizes cover the longest look-back.
    // Activations per row, newest first and stored twice, so the C activations one row contributes to the C columns
    // (entered 0..C−1 steps apart) are one contiguous run: [row, steps − 1 − slot (+ steps)].
    private readonly long[] _actHistory;
    private readonly int _steps;
    private readonly long[] _loadsBefore;  // [step ring slot]
    private readonly long[] _loadHistory;  // [load ring slot, col]
    private readonly int _stepMask, _loadMask; // ring sizes are powers of two: indexing is a mask, not a division
    private long _step, _loadCount;
    private readonly long[] _south;        // current south-edge outputs
    private readonly PortSlot[] _counters; // empty unless the configuration has the counter file
    private long _cycles, _loadCycles, _macs;

    public MacArrayGolden(MacArrayConfig config, MacArrayPorts ports)
    {
        (_rows, _cols, _operandBits, _accBits) = (config.Rows, config.Cols, config.OperandWidth, config.AccumulatorWidth);
        if (ports.ActIn.Length != _rows || ports.WeightIn.Length != _cols || ports.PsumOut.Length != _cols)
            throw new ArgumentException($"ports of a {ports.ActIn.Length}x{ports.WeightIn.Length} array for a {_rows}x{_cols} config");
        Ports = ports;
        (_enable, _load, _act, _weightIn, _psum) = (ports.Enable, ports.LoadWeight, ports.ActIn, ports.WeightIn, ports.PsumOut);
        var steps = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(_rows + _cols + 1));
        var loads = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(2 * _rows + 2));
        (_stepMask, _loadMask) = (steps - 1, loads - 1);
        _steps = steps;
        _actHistory = new long[2 * steps * _rows];
        _loadsBefore = new long[steps];
        _loadHistory = new long[loads * _cols];
        _south = new long[_cols];
        if (ports.Counters.Length is not (0 or 4))
            throw new ArgumentException($"{ports.Counters.Length} counter ports; the mac-array's counter file has 4 (cycles, load cycles, stream steps, MACs)");
        _counters = ports.Counters;
    }

    /// <summary>The action counts since reset, as the RTL's counter file reports them (docs/energy-model.md §3):
    /// clock cycles, enabled load cycles, enabled stream steps, and MACs (Cols per non-zero activation entering a row
    /// in an enabled cycle). Kept whether or not the configuration has the counter ports.</summary>
    public (long Cycles, long LoadCycles, long StreamSteps, long Macs) ActionCounts => (_cycles, _loadCycles, _step - _loadCycles, _macs);

    /// <summary>The ports this model reads and writes (its line trace shows the same ones).</summary>
    public MacArrayPorts Ports { get; }

    /// <summary>Enabled cycles (steps) since reset; the line trace labels the psum wavefront with it.</summary>
    public long Steps => _step;

    public void Reset()
    {
        _step = 0;
        _loadCount = 0;
        _cycles = _loadCycles = _macs = 0;
        Array.Clear(_south);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Evaluate(PortValues inputs, PortValues outputs)
    {
        var mask = _accBits == 64 ? ulong.MaxValue : (1UL << _accBits) - 1;
        var words = outputs.Words;
        for (var c = 0; c < _cols; c++) words[_psum[c].Offset] = (ulong)_south[c] & mask;
        if (_counters.Length == 0) return;
        // Counter order: ArrayCounters.MacArray (cycles, load_cycles, stream_steps, macs_w8); the registers wrap at their width.
        const ulong counterMask = (1UL << ArrayCounters.CounterWidth) - 1;
        words[_counters[0].Offset] = (ulong)_cycles & counterMask;
        words[_counters[1].Offset] = (ulong)_loadCycles & counterMask;
        words[_counters[2].Offset] = (ulong)(_step - _loadCycles) & counterMask;
        words[_counters[3].Offset] = (ulong)_macs & counterMask;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Tick(PortValues inputs)
    {
        _cycles++;
        if (inputs[_enable] == 0) return; // stall: every register holds
        var slot = (int)(_step & _stepMask);
        for (var r = 0; r < _rows; r++)
        {
            var at = r * 2 * _steps + _steps - 1 - slot;
            var a = inputs.GetSigned(_act[r]);
            _actHistory[at] = _actHistory[at + _steps] = a;
            if (a != 0) _macs += _cols;
        }
        _loadsBefore[slot] = _loadCount;
        if (inputs[_load] != 0)
        {
            _loadCycles++;
            var l = (int)(_loadCount & _loadMask);
            for (var c = 0; c < _cols; c++) _loadHistory[l * _cols + c] = inputs.GetSigned(_weightIn[c]);
            _loadCount++;
        }
        SouthSums(_step);
        _step++;
    }

    /// <summary>Every column's partial sum leaving the south edge after step <paramref name="k"/> (row by row).</summary>
    private void SouthSums(long k)
    {
        Array.Clear(_south);
        for (var r = 0; r < _rows; r++)
        {
            var passStep = k - (_rows - 1 - r);        // when the sums passed row r
            if (passStep < 0) continue;                // registers were reset to zero then
            var loadIndex = _loadsBefore[(int)(passStep & _stepMask)] - 1 - r;
            if (loadIndex < 0) continue;               // weight registers still hold their reset zero
            var cols = (int)Math.Min(_cols, passStep + 1);
            var weights = _loadHistory.AsSpan((int)(loadIndex & _loadMask) * _cols, cols);
            // Column c saw the activation that entered the west edge c steps before passStep.
            var acts = _actHistory.AsSpan(r * 2 * _steps + _steps - 1 - (int)(passStep & _stepMask), cols);
            var south = _south.AsSpan(0, cols);
            for (var c = 0; c < south.Length; c++) south[c] += acts[c] * weights[c];
        }
        for (var c = 0; c < _cols; c++) _south[c] = Wrap(_south[c]);
    }

    private long Wrap(long v)
    {
        var shift = 64 - _accBits;
        return shift == 0 ? v : (v << shift) >> shift;
    }
}
