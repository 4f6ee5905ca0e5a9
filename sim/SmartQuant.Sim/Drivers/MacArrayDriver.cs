using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.MacArray;
using SmartQuant.Models.MacArray;

namespace SmartQuant.Sim.Drivers;

/// <summary>
/// Random traffic for the MAC array: activation streams of random operands, weight-load bursts (sometimes longer or
/// shorter than Rows, sometimes mid-stream) and random enable stalls whose rate changes every 512 cycles.
/// </summary>
public sealed class MacArrayDriver : IStimulusDriver
{
    private static readonly int[] StallRates = [0, 5, 20, 60];
    private readonly SimRandom _rng;
    private readonly SimRandom.BitReservoir _bits;
    private readonly MacArrayConfig _cfg;
    private readonly PortSlot _enable, _load;
    private readonly PortSlot[] _act, _weight;
    private int _stallRate, _loadLeft;

    public MacArrayDriver(MacArrayConfig config, MacArrayPorts ports, ulong seed)
    {
        _cfg = config;
        _rng = new SimRandom(seed);
        _bits = new SimRandom.BitReservoir(_rng);
        (_enable, _load, _act, _weight) = (ports.Enable, ports.LoadWeight, ports.ActIn, ports.WeightIn);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Drive(long cycle, PortValues inputs, PortValues outputs)
    {
        if (cycle % 512 == 0) _stallRate = StallRates[_rng.Below(StallRates.Length)];
        if (_loadLeft == 0 && (cycle == 0 || _rng.Chance(2))) _loadLeft = 1 + _rng.Below(_cfg.Rows + 2);
        var enable = !_rng.Chance(_stallRate);
        var words = inputs.Words; // direct word writes: values are masked to their width here
        words[_enable.Offset] = enable ? 1UL : 0UL;
        words[_load.Offset] = _loadLeft > 0 ? 1UL : 0UL;
        if (enable && _loadLeft > 0) _loadLeft--;
        var bits = _cfg.OperandWidth;
        foreach (var a in _act) words[a.Offset] = _bits.Take(bits);
        foreach (var w in _weight) words[w.Offset] = _bits.Take(bits);
    }
}
