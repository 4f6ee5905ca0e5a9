using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Sim.Blocks;

/// <summary>
/// Random items for one ReCoN stage: per switch up to four valid items with tags drawn mostly near the switch's own id
/// (so items hit, leave Left and leave Right about equally, sometimes three for one port), random got planes, idle
/// stretches with no item, busy_in high with items (and sometimes without), and enable stalls.
/// </summary>
public sealed class ReconStageDriver : IStimulusDriver
{
    private readonly SimRandom _rng;
    private readonly int _n, _tagBits;
    private readonly PortSlot _enable, _busyIn;
    private readonly PortSlot? _gotVIn, _gotCodeIn;
    private readonly PortSlot?[] _vIn = new PortSlot?[4], _tagIn = new PortSlot?[4], _codeIn = new PortSlot?[4];
    private int _idle;

    public ReconStageDriver(ReconStage st, MicroScopiQConfig cfg, PortMap map, ulong seed)
    {
        _rng = new SimRandom(seed);
        (_n, _tagBits) = (cfg.Lanes, cfg.TagBits);
        (_enable, _busyIn) = (map[st.Enable], map[st.BusyIn]);
        if (st.GotVIn is not null) (_gotVIn, _gotCodeIn) = (map[st.GotVIn], map[st.GotCodeIn!]);
        for (var i = 0; i < 4; i++)
            if (st.ItemV[i] is { } v) (_vIn[i], _tagIn[i], _codeIn[i]) = (map[v], map[st.ItemTag[i]!], map[st.ItemCode[i]!]);
    }

    public void Drive(long cycle, PortValues inputs, PortValues outputs)
    {
        var tagMask = (1 << _tagBits) - 1;
        inputs[_enable] = _rng.Chance(85) ? 1UL : 0UL;
        // Idle stretches (nothing in flight) alternate with busy ones, so the stage both holds and drains.
        if (_idle == 0 && _rng.Chance(5)) _idle = 1 + _rng.Below(12);
        var idle = _idle > 0;
        if (idle) _idle--;
        ulong any = 0;
        for (var i = 0; i < 4; i++)
        {
            if (_vIn[i] is not { } vi) continue;
            ulong v = 0, tag = 0, code = 0;
            for (var w = 0; w < _n; w++)
            {
                var id = w & tagMask;
                if (!idle && _rng.Chance(40)) v |= 1UL << w;
                // A quarter of the items are for this switch; the rest differ from its id in one or more bits.
                var t = _rng.Below(4) == 0 ? id : id ^ (1 + _rng.Below(tagMask));
                var c = _rng.Below(16);
                for (var b = 0; b < _tagBits; b++) tag |= (ulong)((t >> b) & 1) << (b * _n + w);
                for (var b = 0; b < ReconSwitch.CodeWidth; b++) code |= (ulong)((c >> b) & 1) << (b * _n + w);
            }
            (inputs[vi], inputs[_tagIn[i]!], inputs[_codeIn[i]!]) = (v, tag, code);
            any |= v;
        }
        if (_gotVIn is { } gv)
        {
            inputs[gv] = idle ? 0 : _rng.Bits(_n);
            inputs[_gotCodeIn!] = idle ? 0 : _rng.Bits(ReconSwitch.CodeWidth * _n);
        }
        inputs[_busyIn] = any != 0 || (!idle && _rng.Chance(50)) || _rng.Chance(10) ? 1UL : 0UL;
    }
}
