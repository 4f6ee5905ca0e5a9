using SmartQuant.Hdl.Simulation;
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
    private readonly long[] _actHistory;   // [step % _steps, row]
    private readonly long[] _loadsBefore;  // [step % _steps]
    private readonly long[] _loadHistory;  // [load % _loads, col]
    private readonly int _steps, _loads;
    private long _step, _loadCount;
    private readonly long[] _south;        // current south-edge outputs

    public MacArrayGolden(MacArrayConfig config, PortMap map)
    {
        (_rows, _cols, _operandBits, _accBits) = (config.Rows, config.Cols, config.OperandWidth, config.AccumulatorWidth);
        _enable = map["enable"];
        _load = map["load_weight"];
        _act = [.. Enumerable.Range(0, _rows).Select(r => map[$"act_in_{r}"])];
        _weightIn = [.. Enumerable.Range(0, _cols).Select(c => map[$"weight_in_{c}"])];
        _psum = [.. Enumerable.Range(0, _cols).Select(c => map[$"psum_out_{c}"])];
        _steps = _rows + _cols + 1;
        _loads = 2 * _rows + 2;
        _actHistory = new long[_steps * _rows];
        _loadsBefore = new long[_steps];
        _loadHistory = new long[_loads * _cols];
        _south = new long[_cols];
    }

    public void Reset()
    {
        _step = 0;
        _loadCount = 0;
        Array.Clear(_south);
    }

    public void Evaluate(PortValues inputs, PortValues outputs)
    {
        var mask = _accBits == 64 ? ulong.MaxValue : (1UL << _accBits) - 1;
        for (var c = 0; c < _cols; c++) outputs[_psum[c]] = (ulong)_south[c] & mask;
    }

    public void Tick(PortValues inputs)
    {
        if (inputs[_enable] == 0) return; // stall: every register holds
        var slot = (int)(_step % _steps);
        for (var r = 0; r < _rows; r++) _actHistory[slot * _rows + r] = inputs.GetSigned(_act[r]);
        _loadsBefore[slot] = _loadCount;
        if (inputs[_load] != 0)
        {
            var l = (int)(_loadCount % _loads);
            for (var c = 0; c < _cols; c++) _loadHistory[l * _cols + c] = inputs.GetSigned(_weightIn[c]);
            _loadCount++;
        }
        for (var c = 0; c < _cols; c++) _south[c] = SouthSum(c, _step);
        _step++;
    }

    /// <summary>The column's partial sum leaving the south edge after step <paramref name="k"/>.</summary>
    private long SouthSum(int c, long k)
    {
        long sum = 0;
        for (var r = 0; r < _rows; r++)
        {
            var passStep = k - (_rows - 1 - r);       // when the sum passed row r
            var actStep = passStep - c;               // when that activation entered the west edge
            if (passStep < 0 || actStep < 0) continue; // registers were reset to zero then
            var act = _actHistory[(int)(actStep % _steps) * _rows + r];
            var loadIndex = _loadsBefore[(int)(passStep % _steps)] - 1 - r;
            if (loadIndex < 0) continue;               // weight register still holds its reset zero
            sum += act * _loadHistory[(int)(loadIndex % _loads) * _cols + c];
        }
        return Wrap(sum);
    }

    private long Wrap(long v)
    {
        var shift = 64 - _accBits;
        return shift == 0 ? v : (v << shift) >> shift;
    }
}
