using SmartQuant.Hdl;

namespace SmartQuant.Hw.Cxl;

/// <summary>
/// One CXL HDM decoder, HPA→DPA (research Part II §5): off = HPA − base; the IW interleave bits at
/// [8+IG+IW−1 : 8+IG] are deleted. Power-of-two ways only (IW 0..4). Works in 64-B line units, so the
/// granularity boundary is bit 2+IG. Anything outside [base, base+size), or not committed, is out of range.
/// </summary>
public sealed class HdmDecoder : Module
{
    public readonly Signal WrValid, WrAddr, WrData, HpaLine, InRange, DpaLine;
    private readonly Signal _base, _size, _ctrl;

    public HdmDecoder(CxlStoreConfig cfg)
    {
        var w = CxlStoreConfig.HpaLineBits;
        WrValid = In();
        WrAddr = In(CxlStoreConfig.RegAddrBits);
        WrData = In(CxlStoreConfig.RegDataBits);
        HpaLine = In(w);
        InRange = Out();
        DpaLine = Out(cfg.DpaLineBits);
        _base = Reg(w);
        _size = Reg(w);
        _ctrl = Reg(9);

        When(WrValid & WrAddr.Eq(CxlRegisters.HdmBase), () => _base.Assign(WrData[w - 1, 0]));
        When(WrValid & WrAddr.Eq(CxlRegisters.HdmSize), () => _size.Assign(WrData[w - 1, 0]));
        When(WrValid & WrAddr.Eq(CxlRegisters.HdmCtrl), () => _ctrl.Assign(WrData[8, 0]));

        var ig = _ctrl[3, 0];
        var iw = _ctrl[7, 4];
        var off = HpaLine.SubWrap(_base);
        var lowMask = Logic.Select(ig, [.. Enumerable.Range(0, 7).Select(i => Logic.Lit((1L << (2 + i)) - 1, w))]);
        var shiftOut = (ig.Extend(5) + iw.Extend(5)).Extend(6).AddWrap(2);        // 2 + IG + IW
        var shiftIn = ig.AddWrap(2);                                                  // 2 + IG (≤ 8 fits 4 bits)
        var high = Keep(off.ShiftRight(shiftOut).ShiftLeft(shiftIn), "high_shifted")[w - 1, 0];
        var dpa = high | (off & lowMask);
        var fits = cfg.DpaLineBits < w ? dpa[w - 1, cfg.DpaLineBits].Eq(0) : Logic.Lit(1, 1);
        InRange.Assign(_ctrl[8] & (ig <= 6) & (iw <= 4) & (HpaLine >= _base) & (off < _size) & fits);
        DpaLine.Assign(dpa[cfg.DpaLineBits - 1, 0]);
    }

    /// <summary>A named wire for an intermediate whose bits are used only in part (the emitter lists the rest as unused).</summary>
    private Signal Keep(Expr e, string name)
    {
        var w = Wire(e.Width, e.Signed).Named(name);
        w.Assign(e);
        return w;
    }
}
