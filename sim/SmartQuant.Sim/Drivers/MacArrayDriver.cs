using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.MacArray;

namespace SmartQuant.Sim.Drivers;

/// <summary>
/// Random traffic for the MAC array: activation streams of random operands, weight-load bursts (sometimes longer or
/// shorter than Rows, sometimes mid-stream) and random enable stalls whose rate changes every 512 cycles.
/// </summary>
public sealed class MacArrayDriver : IStimulusDriver
{
    private static readonly int[] StallRates = [0, 5, 20, 60];
    private readonly SimRandom _rng;
    private readonly MacArrayConfig _cfg;
    private readonly PortSlot _enable, _load;
    private readonly PortSlot[] _act, _weight;
    private int _stallRate, _loadLeft;

    public MacArrayDriver(MacArrayConfig config, PortMap map, ulong seed)
    {
        _cfg = config;
        _rng = new SimRandom(seed);
        _enable = map["enable"];
        _load = map["load_weight"];
        _act = [.. Enumerable.Range(0, config.Rows).Select(r => map[$"act_in_{r}"])];
        _weight = [.. Enumerable.Range(0, config.Cols).Select(c => map[$"weight_in_{c}"])];
    }

    public void Drive(long cycle, PortValues inputs, PortValues outputs)
    {
        if (cycle % 512 == 0) _stallRate = StallRates[_rng.Below(StallRates.Length)];
        if (_loadLeft == 0 && (cycle == 0 || _rng.Chance(2))) _loadLeft = 1 + _rng.Below(_cfg.Rows + 2);
        var enable = !_rng.Chance(_stallRate);
        inputs[_enable] = enable ? 1UL : 0UL;
        inputs[_load] = _loadLeft > 0 ? 1UL : 0UL;
        if (enable && _loadLeft > 0) _loadLeft--;
        foreach (var a in _act) inputs[a] = _rng.Bits(_cfg.OperandWidth);
        foreach (var w in _weight) inputs[w] = _rng.Bits(_cfg.OperandWidth);
    }
}
