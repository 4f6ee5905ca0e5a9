using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Sim.Blocks;

/// <summary>
/// Golden model of one registered ReCoN switch stage, from the routing rules (docs/spec/recon.md "Routing rules"):
/// up to four items arrive (Left slot 0/1, Right slot 0/1), each a Lower-half code tagged with its Upper lane. An item
/// whose tag equals the switch's id has reached its lane and is latched into the lane's "got" register (the first such
/// item in input order; with none, the incoming got value passes on). Every other item leaves through port
/// tag[stage] (Left = 0), the items of one port taking its two slots in input order (Left 0, Left 1, Right 0,
/// Right 1); a routable configuration never sends a third item to one port, and a third one is dropped. Everything
/// is registered and holds while enable is low.
/// </summary>
public sealed class ReconSwitchGolden : ICycleModel
{
    private readonly int _stage;
    private readonly PortSlot _enable, _switchId, _gotVIn, _gotCodeIn, _gotVOut, _gotCodeOut;
    private readonly PortSlot[] _vIn, _tagIn, _valIn, _vOut, _tagOut, _valOut;
    private bool _gotV;
    private ulong _gotCode;
    private readonly (bool V, ulong Tag, ulong Val)[] _out = new (bool, ulong, ulong)[4];

    public ReconSwitchGolden(ReconSwitch sw, int stage, PortMap map)
    {
        _stage = stage;
        (_enable, _switchId, _gotVIn, _gotCodeIn) = (map[sw.Enable], map[sw.SwitchId], map[sw.GotVIn], map[sw.GotCodeIn]);
        (_gotVOut, _gotCodeOut) = (map[sw.GotVOut], map[sw.GotCodeOut]);
        (_vIn, _tagIn, _valIn) = (map.Slots(sw.ResVIn), map.Slots(sw.ResTagIn), map.Slots(sw.ResValIn));
        (_vOut, _tagOut, _valOut) = (map.Slots(sw.ResVOut), map.Slots(sw.ResTagOut), map.Slots(sw.ResValOut));
    }

    public void Reset()
    {
        (_gotV, _gotCode) = (false, 0);
        Array.Clear(_out);
    }

    public void Evaluate(PortValues inputs, PortValues outputs)
    {
        outputs[_gotVOut] = _gotV ? 1UL : 0UL;
        outputs[_gotCodeOut] = _gotCode;
        for (var o = 0; o < 4; o++)
        {
            outputs[_vOut[o]] = _out[o].V ? 1UL : 0UL;
            outputs[_tagOut[o]] = _out[o].Tag;
            outputs[_valOut[o]] = _out[o].Val;
        }
    }

    public void Tick(PortValues inputs)
    {
        if (inputs[_enable] == 0) return;
        var id = inputs[_switchId];
        (_gotV, _gotCode) = (inputs[_gotVIn] != 0, inputs[_gotCodeIn]);
        var delivered = false;
        Array.Clear(_out);
        var used = new int[2];
        for (var i = 0; i < 4; i++)
        {
            if (inputs[_vIn[i]] == 0) continue;
            var (tag, val) = (inputs[_tagIn[i]], inputs[_valIn[i]]);
            if (tag == id)
            {
                if (!delivered) (_gotV, _gotCode, delivered) = (true, val, true);
                continue;
            }
            var port = (int)((tag >> _stage) & 1);
            if (used[port] < 2) _out[2 * port + used[port]++] = (true, tag, val);
        }
    }
}
