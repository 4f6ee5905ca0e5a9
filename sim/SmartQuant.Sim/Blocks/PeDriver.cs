using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Sim.Blocks;

/// <summary>
/// Random stimulus for one PE: weight loads into either bank (also while tokens flow), bb 2/4 switches, enable
/// stalls, any activation of the shifted width (its extremes often) and partial sums near the wrap-around.
/// </summary>
public sealed class PeDriver : IStimulusDriver
{
    private readonly SimRandom _rng;
    private readonly PortSlot _enable, _twoBitMode, _loadEn, _loadBank, _loadWeight, _actIn, _validIn, _bankIn;
    private readonly PortSlot[] _psumIn;
    private readonly int _actWidth, _accWidth;

    public PeDriver(MultiPrecisionPe pe, MicroScopiQConfig cfg, PortMap map, ulong seed)
    {
        _rng = new SimRandom(seed);
        (_actWidth, _accWidth) = (cfg.ShiftedActWidth, cfg.AccumulatorWidth);
        (_enable, _twoBitMode, _loadEn, _loadBank, _loadWeight) = (map[pe.Enable], map[pe.TwoBitMode], map[pe.LoadEn], map[pe.LoadBank], map[pe.LoadWeight]);
        (_actIn, _validIn, _bankIn, _psumIn) = (map[pe.ActIn], map[pe.ValidIn], map[pe.BankIn], map.Slots(pe.PsumIn));
    }

    public void Drive(long cycle, PortValues inputs, PortValues outputs)
    {
        inputs[_enable] = _rng.Chance(80) ? 1UL : 0UL;
        if (cycle % 64 == 0) inputs[_twoBitMode] = _rng.Below(2) == 0 ? 1UL : 0UL;
        inputs[_loadEn] = _rng.Chance(20) ? 1UL : 0UL;
        inputs[_loadBank] = (ulong)_rng.Below(2);
        inputs[_loadWeight] = (ulong)_rng.Below(16);
        inputs.SetSigned(_actIn, Extreme(_actWidth));
        inputs[_validIn] = (ulong)_rng.Below(2);
        inputs[_bankIn] = (ulong)_rng.Below(2);
        foreach (var p in _psumIn) inputs.SetSigned(p, Extreme(_accWidth));
    }

    /// <summary>A signed value of <paramref name="width"/> bits: the minimum, the maximum or zero a quarter of the time.</summary>
    private long Extreme(int width)
    {
        long min = -(1L << (width - 1)), max = (1L << (width - 1)) - 1;
        return _rng.Below(8) switch
        {
            0 => min,
            1 => max,
            _ => min + (long)(_rng.Next() % (ulong)(max - min + 1)),
        };
    }
}
