using System.Numerics;
using SmartQuant.Hdl;

namespace SmartQuant.Hw.Cxl;

/// <summary>
/// The alias-region table ("logical space bloating"): registers {dpa_base, dpa_limit, phys_base, ctrl} per region
/// and the combinational DPA decode of the first enabled region that contains the address:
/// PACKED line j → block j / k, line j mod k; PADDED → block j / 8, line j mod 8; passthrough → physical line
/// phys_base + j. Division by k ∈ {3,5,6,7} is a multiply by a reciprocal (exact for every j below 2^DpaLineBits).
/// </summary>
public sealed class AliasTable : Module
{
    public readonly Signal WrValid, WrAddr, WrData, Dpa;
    public readonly Signal Hit, Region, Format, K, Round, PhysLine, Line, Planes, FullPrecision;
    private readonly Signal[] _base, _limit, _phys, _ctrl;

    /// <summary>Reciprocal shift: j·ceil(2^s/k) &gt;&gt; s = floor(j/k) whenever j·(k−1) &lt; 2^s.</summary>
    public static int ReciprocalShift(CxlStoreConfig cfg) => cfg.DpaLineBits + 3;
    public static BigInteger Reciprocal(CxlStoreConfig cfg, int k) => ((BigInteger.One << ReciprocalShift(cfg)) + k - 1) / k;

    public AliasTable(CxlStoreConfig cfg)
    {
        var dw = cfg.DpaLineBits;
        var pw = cfg.PhysLineBits;
        WrValid = In();
        WrAddr = In(CxlStoreConfig.RegAddrBits);
        WrData = In(CxlStoreConfig.RegDataBits);
        Dpa = In(dw);
        Hit = Out();
        Region = Out(cfg.RegionBits);
        Format = Out(2);
        K = Out(4);
        Round = Out();
        PhysLine = Out(pw);
        Line = Out(3);
        Planes = Out(4);
        FullPrecision = Out();

        _base = new Signal[cfg.Regions];
        _limit = new Signal[cfg.Regions];
        _phys = new Signal[cfg.Regions];
        _ctrl = new Signal[cfg.Regions];
        var match = new Expr[cfg.Regions];
        for (var r = 0; r < cfg.Regions; r++)
        {
            var (b, l, p, c) = (_base[r] = Reg(dw), _limit[r] = Reg(dw), _phys[r] = Reg(pw), _ctrl[r] = Reg(8));
            When(WrValid & WrAddr.Eq(CxlRegisters.Region(r, 0)), () => b.Assign(WrData[dw - 1, 0]));
            When(WrValid & WrAddr.Eq(CxlRegisters.Region(r, 1)), () => l.Assign(WrData[dw - 1, 0]));
            When(WrValid & WrAddr.Eq(CxlRegisters.Region(r, 2)), () => p.Assign(WrData[pw - 1, 0]));
            When(WrValid & WrAddr.Eq(CxlRegisters.Region(r, 3)), () => c.Assign(WrData[7, 0]));
            var fmt = c[2, 1];
            var k = c[7, 4];
            var legal = fmt.Eq((int)RegionFormat.Passthrough) | (fmt.Ne(3) & (k >= 1) & (k <= cfg.Planes));
            match[r] = c[0] & legal & (Dpa >= b) & (Dpa < l);
        }

        // First matching region wins.
        Expr idx = Logic.Lit(cfg.Regions - 1, cfg.RegionBits);
        for (var r = cfg.Regions - 2; r >= 0; r--) idx = Logic.Mux(match[r], Logic.Lit(r, cfg.RegionBits), idx);
        var any = match.Aggregate((a, b) => a | b);
        var ctrl = Keep(Logic.Select(idx, _ctrl), "ctrl_sel");
        var kSel = ctrl[7, 4];
        var fmtSel = ctrl[2, 1];
        var roundSel = ctrl[3];
        var j = Dpa.SubWrap(Logic.Select(idx, _base));
        var phys = Logic.Select(idx, _phys);

        // Block and line index per k (PACKED); index 0 is unused (k = 0 is not legal).
        var blocks = new Expr[cfg.Planes + 1];
        var lines = new Expr[cfg.Planes + 1];
        blocks[0] = j;
        lines[0] = Logic.Lit(0, 3);
        for (var k = 1; k <= cfg.Planes; k++)
        {
            if (BitOperations.IsPow2(k))
            {
                var sh = BitOperations.Log2((uint)k);
                blocks[k] = sh == 0 ? j : (j >> sh).Extend(dw);
                lines[k] = sh == 0 ? Logic.Lit(0, 3) : j[sh - 1, 0].Extend(3);
            }
            else
            {
                var s = ReciprocalShift(cfg);
                var m = Logic.Lit(Reciprocal(cfg, k), s);
                var q = Keep(j * m, $"recip_{k}")[s + dw - 1, s];
                blocks[k] = q;
                lines[k] = j[2, 0].SubWrap(Keep(q[2, 0] * Logic.Lit(k, 3), $"rem_{k}")[2, 0]);
            }
        }
        var packed = fmtSel.Eq((int)RegionFormat.Packed);
        var pass = fmtSel.Eq((int)RegionFormat.Passthrough);
        var blk = Logic.Mux(packed, Logic.Select(kSel, blocks), (j >> 3).Extend(dw));
        var line = Logic.Mux(packed, Logic.Select(kSel, lines), j[2, 0]);
        var blockLine = Keep(blk, "block")[pw - 4, 0] << 3;
        Hit.Assign(any);
        Region.Assign(idx);
        Format.Assign(fmtSel);
        K.Assign(kSel);
        Round.Assign(roundSel & ~pass);
        PhysLine.Assign(phys.AddWrap(Logic.Mux(pass, j.Truncate(pw), blockLine)));
        Line.Assign(Logic.Mux(pass, Logic.Lit(0, 3), line));
        var guard = roundSel & (kSel < cfg.Planes);
        Planes.Assign(Logic.Mux(pass, Logic.Lit(1, 4), Logic.Mux(guard, kSel.AddWrap(1), kSel)));
        FullPrecision.Assign(~pass & kSel.Eq(cfg.Planes));
    }

    /// <summary>A named wire for an intermediate whose bits are used only in part (the emitter lists the rest as unused).</summary>
    private Signal Keep(Expr e, string name)
    {
        var w = Wire(e.Width, e.Signed).Named(name);
        w.Assign(e);
        return w;
    }
}
