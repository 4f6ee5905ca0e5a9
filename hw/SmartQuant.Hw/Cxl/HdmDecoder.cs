using SmartQuant.Hdl;

namespace SmartQuant.Hw.Cxl;

/// <summary>
/// One CXL HDM decoder, HPA→DPA (CXL 2.0 §8.2.5.12; docs/spec/cxl-mem.md): off = HPA − base, granule index c = off >> (8+IG) in bytes.
/// Power-of-two ways (IW 0..4 → 1..16): the IW way bits at [8+IG+IW−1 : 8+IG] are deleted. 3/6/12 ways (IW 8, 9, 10):
/// the spec's decomposition c = 3·2^(IW−8)·d + way, so the device granule is d = (c >> (IW−8)) / 3, a constant
/// division (restoring divide by 3, remainders by a parallel prefix). Works in 64-B line units, so
/// the granularity boundary is bit 2+IG. Anything outside [base, base+size) or while the decoder is not committed is
/// out of range.
/// Control bits at the spec's positions (CXL 2.0 §8.2.5.12.7, HDM Decoder Control): IG [3:0], IW [7:4], Lock On Commit
/// [8], Commit [9], Committed [10] (read-only), Error Not Committed [11] (read-only). Writing Commit = 1 commits a legal
/// IG/IW (Committed is set the next cycle) or sets Error Not Committed; Commit = 0 de-commits. Once committed with Lock
/// On Commit, base, size and control ignore writes until reset.
/// Two stages (docs/cxl-store.md, "Logic depth"): when <see cref="Advance"/> is high, the host line's offset from base,
/// whether it is at or above base, and the IG, IW, size and Committed it is decoded with are registered; the shifts,
/// the division by 3 and the range check act on that register, so <see cref="InRange"/> and <see cref="DpaLine"/>
/// belong to the line sampled with the last Advance. A register write after that sample does not change its decode.
/// </summary>
public sealed class HdmDecoder : Module
{
    /// <summary>Base, size and control writes, and the read-back of the three (the store's register port).</summary>
    public readonly RegWrite Wr;
    public readonly RegRead Rd;
    public readonly Signal HpaLine, Advance, InRange, DpaLine;
    private readonly Signal _base, _size, _ctrl, _committed, _error;

    public const int LockOnCommitBit = CxlRegisters.HdmLockOnCommitBit, CommitBit = CxlRegisters.HdmCommitBit, CommittedBit = CxlRegisters.HdmCommittedBit, ErrorNotCommittedBit = CxlRegisters.HdmErrorNotCommittedBit;

    public HdmDecoder(CxlStoreConfig cfg)
    {
        var w = CxlStoreConfig.HpaLineBits;
        Wr = new RegWrite(this, flipped: true);
        HpaLine = In(w);
        Advance = In();
        InRange = Out();
        DpaLine = Out(cfg.DpaLineBits);
        Rd = new RegRead(this, flipped: true);
        _base = Reg(w);
        _size = Reg(w);
        _ctrl = Reg(10);          // IG, IW, Lock On Commit, Commit as written
        _committed = Reg();
        _error = Reg();

        var ig = _ctrl[3, 0];   // as written; stage 2 decodes with the copy sampled by Advance (igQ, iwQ)
        var iw = _ctrl[7, 4];
        var locked = _committed & _ctrl[LockOnCommitBit];
        var wr = Wr.Valid & ~locked;
        When(wr & Wr.Addr.Eq(CxlRegisters.HdmBase), () => _base.Assign(Wr.Data[w - 1, 0]));
        When(wr & Wr.Addr.Eq(CxlRegisters.HdmSize), () => _size.Assign(Wr.Data[w - 1, 0]));
        var wrCtrl = wr & Wr.Addr.Eq(CxlRegisters.HdmCtrl);
        When(wrCtrl, () => _ctrl.Assign(Wr.Data[CommitBit, 0]));
        var newIg = Wr.Data[3, 0];
        var newIw = Wr.Data[7, 4];
        var newLegal = (newIg <= 6) & ((newIw <= 4) | ((newIw >= 8) & (newIw <= 10)));
        var commit = Wr.Data[CommitBit];
        When(wrCtrl, () => { _committed.Assign(commit & newLegal); _error.Assign(commit & ~newLegal); });
        Rd.Data.Assign(Logic.Mux(Rd.Addr.Eq(CxlRegisters.HdmBase), _base.Extend(CxlStoreConfig.RegDataBits),
            Logic.Mux(Rd.Addr.Eq(CxlRegisters.HdmSize), _size.Extend(CxlStoreConfig.RegDataBits),
                Logic.Mux(Rd.Addr.Eq(CxlRegisters.HdmCtrl), Logic.Cat(_error, _committed, _ctrl).Extend(CxlStoreConfig.RegDataBits),
                    Logic.Lit(0, CxlStoreConfig.RegDataBits)))));

        // ---- stage 1: subtract base (and compare) on the sampled host line, register with the settings in force ----
        var offQ = Reg(w);
        var aboveBaseQ = Reg();
        var sizeQ = Reg(w);
        var igQ = Reg(4);
        var iwQ = Reg(4);
        var committedQ = Reg();
        When(Advance, () =>
        {
            offQ.Assign(HpaLine.SubWrap(_base));
            aboveBaseQ.Assign(HpaLine >= _base);
            sizeQ.Assign(_size);
            igQ.Assign(ig);
            iwQ.Assign(iw);
            committedQ.Assign(_committed);
        });

        // ---- stage 2: delete the way bits (or divide by 3), check the range ----
        var off = offQ;
        var lowMask = Logic.Select(igQ, [.. Enumerable.Range(0, 7).Select(i => Logic.Lit((1L << (2 + i)) - 1, w))]);
        // One right shift and one left shift serve both kinds (two shifters behind a mux send yosys' SAT-based
        // resource sharing into the divider's cone for minutes): the granule index above the way bits is
        // off >> (2 + IG + IW) for 2^IW ways, and off >> (2 + IG + e) divided by 3 for IW = 8 + e (3·2^e ways).
        var modulo = iwQ[3];
        var waysShift = Logic.Mux(modulo, iwQ[1, 0].Extend(4), iwQ);
        var shiftOut = (igQ.Extend(5) + waysShift.Extend(5)).Extend(6).AddWrap(2);  // 2 + IG + (IW or e)
        var shiftIn = igQ.AddWrap(2);                                                  // 2 + IG (≤ 8 fits 4 bits)
        var above = NamedWire(off.ShiftRight(shiftOut), "granules_above");                 // shift ≥ 2: top 2 bits are 0
        var granule = Logic.Mux(modulo, DivideBy3(above[w - 3, 0]).Extend(w), above);
        var high = NamedWire(granule.ShiftLeft(shiftIn), "high_shifted")[w - 1, 0];
        var dpa = high | (off & lowMask);
        var fits = cfg.DpaLineBits < w ? dpa[w - 1, cfg.DpaLineBits].Eq(0) : Logic.Lit(1, 1);
        // committed implies a legal IG and IW (checked when Commit was written)
        InRange.Assign(committedQ & aboveBaseQ & (off < sizeQ) & fits);
        DpaLine.Assign(dpa[cfg.DpaLineBits - 1, 0]);
    }

    /// <summary>
    /// floor(x / 3), most significant bit first: with r the remainder of the bits above bit i (0..2), quotient bit i is
    /// 2r + b ≥ 3 (restoring division). The remainders are computed as a parallel prefix instead of a chain (44 serial
    /// stages were ~130 gate levels, most of the decoder's depth): a segment's value mod 3 is its high part's value
    /// times 2^(low length) (= ±1 mod 3: a sign flip, i.e. a swap of the two remainder bits, for odd lengths) plus the
    /// low part's, so Sklansky's divide and conquer needs log2(width) levels of 2-bit mod-3 adders.
    /// </summary>
    private Expr DivideBy3(Expr x)
    {
        var n = x.Width;
        // bits MSB first; prefix[t] = value of bits n-1 .. n-1-t mod 3; quotient bit t needs prefix[t-1]
        var bits = Enumerable.Range(0, n).Select(t => x[n - 1 - t]).ToArray();
        var prefix = Mod3Prefix(bits, 0, n - 1);
        var q = new Expr[n];
        for (var t = 0; t < n; t++)
        {
            var b = bits[t];
            q[t] = t == 0 ? Logic.Lit(0, 1) : prefix[t - 1].R1 | (prefix[t - 1].R0 & b);
        }
        return Logic.Cat(q);
    }

    /// <summary>Values mod 3 of bits[a .. a+t] (bits[a] most significant) for every t below b − a, as {r1, r0}.</summary>
    private (Expr R1, Expr R0)[] Mod3Prefix(Expr[] bits, int a, int b)
    {
        if (b - a == 1) return [(Logic.Lit(0, 1), bits[a])];
        var mid = (a + b) / 2;
        var high = Mod3Prefix(bits, a, mid);
        var low = Mod3Prefix(bits, mid, b);
        var (h1, h0) = high[^1];
        var result = new (Expr R1, Expr R0)[b - a];
        high.CopyTo(result, 0);
        for (var t = 0; t < low.Length; t++)
        {
            // high · 2^(t+1): odd shift negates (1 ↔ 2)
            var (p1, p0) = (t + 1) % 2 == 1 ? (h0, h1) : (h1, h0);
            var (l1, l0) = low[t];
            var zero = ~p1 & ~p0;
            var s0 = (zero & l0) | (p0 & ~l1 & ~l0) | (p1 & l1);
            var s1 = (zero & l1) | (p0 & l0) | (p1 & ~l1 & ~l0);
            var v = NamedWire(Logic.Cat(s1, s0), $"mod3_{a}_{mid + t}");
            result[mid - a + t] = (v[1], v[0]);
        }
        return result;
    }

}
