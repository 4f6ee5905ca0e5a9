using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Cxl;

namespace SmartQuant.Sim.Blocks;

/// <summary>
/// Golden model of one HDM decoder, from the specification (docs/spec/cxl-mem.md "HDM decode", CXL 2.0 §8.2.5.12;
/// register encoding in docs/cxl-store.md), in 64-B line units: off = HPA − base; a granule is 2^(2+IG) lines;
/// 2^IW ways delete the IW way bits above the granule, 3·2^e ways (IW = 8 + e) divide the granule index above the e
/// bits by 3. In range: committed, base ≤ HPA, off &lt; size and the DPA fits the device. Registers: base, size and
/// control (IG [3:0], IW [7:4], Lock On Commit [8], Commit [9]); writing control with Commit commits a legal IG
/// (0 … 6) and IW (0 … 4, 8 … 10) or sets Error Not Committed; once committed with Lock On Commit, writes are ignored.
/// The read port returns base, size and control with Committed [10] and Error Not Committed [11], 0 elsewhere.
/// Two stages, as the decoder is specified (docs/cxl-store.md, "Logic depth"): a cycle with Advance samples the host
/// line's offset from base, whether it is at or above base, and the size, IG, IW and Committed in force before that
/// cycle's register write; the outputs decode that sample until the next Advance.
/// </summary>
public sealed class HdmDecoderGolden : ICycleModel
{
    private const int LineBits = CxlStoreConfig.HpaLineBits;
    private const ulong LineMask = (1UL << LineBits) - 1;
    private readonly int _dpaBits;
    private readonly PortSlot _wrValid, _wrAddr, _wrData, _hpa, _advance, _rdAddr, _inRange, _dpa, _rdData;
    private ulong _base, _size, _ctrl;
    private bool _committed, _error;
    private Sample _sample;

    /// <summary>What stage 1 registered with the last Advance: the line's offset from base and the settings in force.</summary>
    private readonly record struct Sample(ulong Offset, bool AboveBase, ulong Size, ulong Ctrl, bool Committed);

    public HdmDecoderGolden(HdmDecoder hdm, CxlStoreConfig cfg, PortMap map)
    {
        _dpaBits = cfg.DpaLineBits;
        (_wrValid, _wrAddr, _wrData, _hpa, _advance, _rdAddr) =
            (map[hdm.Wr.Valid], map[hdm.Wr.Addr], map[hdm.Wr.Data], map[hdm.HpaLine], map[hdm.Advance], map[hdm.Rd.Addr]);
        (_inRange, _dpa, _rdData) = (map[hdm.InRange], map[hdm.DpaLine], map[hdm.Rd.Data]);
    }

    public void Reset() => (_base, _size, _ctrl, _committed, _error, _sample) = (0, 0, 0, false, false, default);

    public void Evaluate(PortValues inputs, PortValues outputs)
    {
        var (inRange, dpa) = Decode(_sample);
        outputs[_inRange] = inRange ? 1UL : 0UL;
        outputs[_dpa] = dpa & ((1UL << _dpaBits) - 1);
        outputs[_rdData] = inputs[_rdAddr] switch
        {
            CxlRegisters.HdmBase => _base,
            CxlRegisters.HdmSize => _size,
            CxlRegisters.HdmCtrl => _ctrl | (_committed ? 1UL << HdmDecoder.CommittedBit : 0) | (_error ? 1UL << HdmDecoder.ErrorNotCommittedBit : 0),
            _ => 0,
        };
    }

    public void Tick(PortValues inputs)
    {
        if (inputs[_advance] != 0)
        {
            var hpa = inputs[_hpa];
            _sample = new Sample((hpa - _base) & LineMask, hpa >= _base, _size, _ctrl, _committed);
        }
        var locked = _committed && (_ctrl >> HdmDecoder.LockOnCommitBit & 1) != 0;
        if (inputs[_wrValid] == 0 || locked) return;
        var data = inputs[_wrData];
        switch ((int)inputs[_wrAddr])
        {
            case CxlRegisters.HdmBase: _base = data & LineMask; break;
            case CxlRegisters.HdmSize: _size = data & LineMask; break;
            case CxlRegisters.HdmCtrl:
                _ctrl = data & ((1UL << (HdmDecoder.CommitBit + 1)) - 1);
                var commit = (data >> HdmDecoder.CommitBit & 1) != 0;
                (_committed, _error) = (commit && Legal(_ctrl), commit && !Legal(_ctrl));
                break;
        }
    }

    /// <summary>IG 0 … 6 (256 B … 16 KiB granules), IW 0 … 4 (1 … 16 ways) or 8 … 10 (3, 6, 12 ways).</summary>
    public static bool Legal(ulong ctrl)
    {
        var (ig, iw) = (ctrl & 15, ctrl >> 4 & 15);
        return ig <= 6 && (iw <= 4 || iw is >= 8 and <= 10);
    }

    /// <summary>(in range, DPA line before truncation to the device's width); the DPA is meaningful only in range.</summary>
    private (bool InRange, ulong Dpa) Decode(Sample s)
    {
        var off = s.Offset;
        int ig = (int)(s.Ctrl & 15), iw = (int)(s.Ctrl >> 4 & 15);
        var granuleBits = 2 + ig;
        var threeWays = iw >= 8;
        var wayBits = threeWays ? iw - 8 : iw;
        var above = Shr(off, granuleBits + wayBits);
        var deviceGranule = threeWays ? above / 3 : above;
        var dpa = (Shl(deviceGranule, granuleBits) & LineMask) | (off & ((1UL << granuleBits) - 1));
        var inRange = s.Committed && s.AboveBase && off < s.Size && Shr(dpa, _dpaBits) == 0;
        return (inRange, dpa);
    }

    private static ulong Shr(ulong v, int n) => n >= 64 ? 0 : v >> n;
    private static ulong Shl(ulong v, int n) => n >= 64 ? 0 : v << n;
}
