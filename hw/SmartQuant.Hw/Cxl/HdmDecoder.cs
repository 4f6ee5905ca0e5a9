using SmartQuant.Hdl;

namespace SmartQuant.Hw.Cxl;

/// <summary>
/// One CXL HDM decoder, HPA→DPA (research Part II §5): off = HPA − base, granule index c = off >> (8+IG) in bytes.
/// Power-of-two ways (IW 0..4 → 1..16): the IW way bits at [8+IG+IW−1 : 8+IG] are deleted. 3/6/12 ways (IW 8, 9, 10):
/// the spec's decomposition c = 3·2^(IW−8)·d + way, so the device granule is d = (c >> (IW−8)) / 3, a constant
/// division done by a restoring divide-by-3 chain (one bit per stage, remainder 0..2). Works in 64-B line units, so
/// the granularity boundary is bit 2+IG. Anything outside [base, base+size), an illegal IG/IW, or not committed, is
/// out of range.
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
        // One right shift and one left shift serve both kinds (two shifters behind a mux send yosys' SAT-based
        // resource sharing into the divider's cone for minutes): the granule index above the way bits is
        // off >> (2 + IG + IW) for 2^IW ways, and off >> (2 + IG + e) divided by 3 for IW = 8 + e (3·2^e ways).
        var modulo = iw[3];
        var waysShift = Logic.Mux(modulo, iw[1, 0].Extend(4), iw);
        var shiftOut = (ig.Extend(5) + waysShift.Extend(5)).Extend(6).AddWrap(2);  // 2 + IG + (IW or e)
        var shiftIn = ig.AddWrap(2);                                                  // 2 + IG (≤ 8 fits 4 bits)
        var above = Keep(off.ShiftRight(shiftOut), "granules_above");                 // shift ≥ 2: top 2 bits are 0
        var granule = Logic.Mux(modulo, DivideBy3(above[w - 3, 0]).Extend(w), above);
        var high = Keep(granule.ShiftLeft(shiftIn), "high_shifted")[w - 1, 0];
        var dpa = high | (off & lowMask);
        var fits = cfg.DpaLineBits < w ? dpa[w - 1, cfg.DpaLineBits].Eq(0) : Logic.Lit(1, 1);
        var legalWays = (iw <= 4) | ((iw >= 8) & (iw <= 10));
        InRange.Assign(_ctrl[8] & (ig <= 6) & legalWays & (HpaLine >= _base) & (off < _size) & fits);
        DpaLine.Assign(dpa[cfg.DpaLineBits - 1, 0]);
    }

    /// <summary>
    /// floor(x / 3), most significant bit first: with remainder r (0..2) and the next bit b, t = 2r + b (0..5); the
    /// quotient bit is t ≥ 3 and the new remainder t − 3 or t, in two 1-bit wires per stage.
    /// </summary>
    private Expr DivideBy3(Expr x)
    {
        var q = new Expr[x.Width];
        Expr r1 = Logic.Lit(0, 1), r0 = Logic.Lit(0, 1);
        for (var i = x.Width - 1; i >= 0; i--)
        {
            var b = x[i];
            var ge = r1 | (r0 & b);
            q[x.Width - 1 - i] = ge;
            if (i == 0) break;   // the last remainder is not needed
            var n1 = Logic.Mux(ge, r1 & b, r0);
            var n0 = Logic.Mux(ge, r1 & ~b, b);
            (r1, r0) = (Keep(n1, $"mod3_r1_{i}"), Keep(n0, $"mod3_r0_{i}"));
        }
        return Logic.Cat(q);
    }

    /// <summary>A named wire for an intermediate whose bits are used only in part (the emitter lists the rest as unused).</summary>
    private Signal Keep(Expr e, string name)
    {
        var w = Wire(e.Width, e.Signed).Named(name);
        w.Assign(e);
        return w;
    }
}
