using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Sim.Blocks;

/// <summary>
/// Random items for one ReCoN switch: a few switch ids, tags drawn mostly from ids near the switch's own (so items
/// hit, leave Left and leave Right about equally), up to four valid items at a time (sometimes three for one port),
/// and enable stalls.
/// </summary>
public sealed class ReconSwitchDriver : IStimulusDriver
{
    private readonly SimRandom _rng;
    private readonly int _tagBits;
    private readonly PortSlot _enable, _switchId, _gotVIn, _gotCodeIn;
    private readonly PortSlot[] _vIn, _tagIn, _valIn;

    public ReconSwitchDriver(ReconSwitch sw, int tagBits, PortMap map, ulong seed)
    {
        _rng = new SimRandom(seed);
        _tagBits = tagBits;
        (_enable, _switchId, _gotVIn, _gotCodeIn) = (map[sw.Enable], map[sw.SwitchId], map[sw.GotVIn], map[sw.GotCodeIn]);
        (_vIn, _tagIn, _valIn) = (map.Slots(sw.ResVIn), map.Slots(sw.ResTagIn), map.Slots(sw.ResValIn));
    }

    public void Drive(long cycle, PortValues inputs, PortValues outputs)
    {
        var tagMask = (1 << _tagBits) - 1;
        if (cycle % 16 == 0) inputs[_switchId] = (ulong)_rng.Below(tagMask + 1);
        var id = (int)inputs[_switchId];
        inputs[_enable] = _rng.Chance(85) ? 1UL : 0UL;
        inputs[_gotVIn] = _rng.Chance(30) ? 1UL : 0UL;
        inputs[_gotCodeIn] = (ulong)_rng.Below(16);
        for (var i = 0; i < 4; i++)
        {
            inputs[_vIn[i]] = _rng.Chance(60) ? 1UL : 0UL;
            // A quarter of the items are for this switch; the rest differ from its id in one or more bits.
            var tag = _rng.Below(4) == 0 ? id : id ^ (1 + _rng.Below(tagMask));
            inputs[_tagIn[i]] = (ulong)(tag & tagMask);
            inputs[_valIn[i]] = (ulong)_rng.Below(16);
        }
    }
}
