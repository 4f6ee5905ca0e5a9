using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Sim.Blocks;

/// <summary>
/// Golden model of one registered ReCoN stage (<see cref="ReconStage"/>): every switch w of the stage applies the
/// routing rules of <see cref="ReconSwitchGolden"/> (docs/spec/recon.md "Routing rules") to its items, read bit by bit
/// out of the stage's planes (bit w of a plane is switch w's; tags and codes packed plane after plane). The stage
/// loads only while enable is high and it or its input is busy (busy follows busy_in on every enabled cycle), and
/// holds otherwise; it is written per switch and per item, not with the RTL's word operations.
/// </summary>
public sealed class ReconStageGolden : ICycleModel
{
    private const int CodeWidth = ReconSwitch.CodeWidth;
    private readonly int _stage, _n, _tagBits;
    private readonly PortSlot _enable, _busyIn, _busyOut, _gotVOut, _gotCodeOut;
    private readonly PortSlot? _gotVIn, _gotCodeIn;
    private readonly PortSlot?[] _vIn = new PortSlot?[4], _tagIn = new PortSlot?[4], _codeIn = new PortSlot?[4];
    private readonly PortSlot?[] _vOut = new PortSlot?[4], _tagOut = new PortSlot?[4], _codeOut = new PortSlot?[4];
    private bool _busy;
    private ulong _gotV, _gotCode;
    private readonly ulong[] _v = new ulong[4], _tag = new ulong[4], _code = new ulong[4];

    public ReconStageGolden(ReconStage st, MicroScopiQConfig cfg, int stage, PortMap map)
    {
        (_stage, _n, _tagBits) = (stage, cfg.Lanes, cfg.TagBits);
        (_enable, _busyIn, _busyOut, _gotVOut, _gotCodeOut) = (map[st.Enable], map[st.BusyIn], map[st.BusyOut], map[st.GotVOut], map[st.GotCodeOut]);
        if (st.GotVIn is not null) (_gotVIn, _gotCodeIn) = (map[st.GotVIn], map[st.GotCodeIn!]);
        for (var i = 0; i < 4; i++)
        {
            if (st.ItemV[i] is { } v) (_vIn[i], _tagIn[i], _codeIn[i]) = (map[v], map[st.ItemTag[i]!], map[st.ItemCode[i]!]);
            if (st.ResV[i] is { } r) (_vOut[i], _tagOut[i], _codeOut[i]) = (map[r], map[st.ResTag[i]!], map[st.ResCode[i]!]);
        }
    }

    public void Reset()
    {
        (_busy, _gotV, _gotCode) = (false, 0, 0);
        Array.Clear(_v); Array.Clear(_tag); Array.Clear(_code);
    }

    public void Evaluate(PortValues inputs, PortValues outputs)
    {
        outputs[_busyOut] = _busy ? 1UL : 0UL;
        outputs[_gotVOut] = _gotV;
        outputs[_gotCodeOut] = _gotCode;
        for (var o = 0; o < 4; o++)
            if (_vOut[o] is { } v) (outputs[v], outputs[_tagOut[o]!], outputs[_codeOut[o]!]) = (_v[o], _tag[o], _code[o]);
    }

    public void Tick(PortValues inputs)
    {
        if (inputs[_enable] == 0) return;
        var busyIn = inputs[_busyIn] != 0;
        var load = busyIn || _busy;
        _busy = busyIn;
        if (!load) return;
        ulong gotVIn = _gotVIn is { } gv ? inputs[gv] : 0, gotCodeIn = _gotCodeIn is { } gc ? inputs[gc] : 0;
        ulong gotV = 0, gotCode = 0;
        var v = new ulong[4]; var tag = new ulong[4]; var code = new ulong[4];
        for (var w = 0; w < _n; w++)
        {
            var id = (ulong)(w & ((1 << _tagBits) - 1));
            var (gotW, codeW) = (Bit(gotVIn, w) != 0, Field(gotCodeIn, w, CodeWidth));
            var delivered = false;
            var used = new int[2];
            for (var i = 0; i < 4; i++)
            {
                if (_vIn[i] is not { } vi || Bit(inputs[vi], w) == 0) continue;
                var (t, c) = (Field(inputs[_tagIn[i]!], w, _tagBits), Field(inputs[_codeIn[i]!], w, CodeWidth));
                if (t == id)
                {
                    if (!delivered) (gotW, codeW, delivered) = (true, c, true);
                    continue;
                }
                var port = (int)((t >> _stage) & 1);
                if (used[port] == 2) continue;   // a third item for one port is dropped (never happens in a routable configuration)
                var o = 2 * port + used[port]++;
                v[o] |= 1UL << w;
                tag[o] |= Spread(t, w, _tagBits);
                code[o] |= Spread(c, w, CodeWidth);
            }
            if (gotW) gotV |= 1UL << w;
            gotCode |= Spread(codeW, w, CodeWidth);
        }
        (_gotV, _gotCode) = (gotV, gotCode);
        for (var o = 0; o < 4; o++) (_v[o], _tag[o], _code[o]) = _vOut[o] is null ? (0UL, 0UL, 0UL) : (v[o], tag[o], code[o]);
    }

    private static ulong Bit(ulong word, int w) => (word >> w) & 1;

    /// <summary>Switch w's field out of planes (plane b at bits [b·n +: n]).</summary>
    private ulong Field(ulong planes, int w, int bits)
    {
        ulong f = 0;
        for (var b = 0; b < bits; b++) f |= Bit(planes, b * _n + w) << b;
        return f;
    }

    /// <summary>Switch w's field as planes.</summary>
    private ulong Spread(ulong field, int w, int bits)
    {
        ulong p = 0;
        for (var b = 0; b < bits; b++) p |= ((field >> b) & 1) << (b * _n + w);
        return p;
    }
}
