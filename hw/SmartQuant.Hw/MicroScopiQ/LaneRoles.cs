using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>Role of one logical lane for one weight bank: Lower (with its Upper's µB-local lane as tag) or Upper (with ΔO).</summary>
public sealed record LaneRole(Expr IsLow, Expr IsUp, Expr Tag, Expr DeltaO);

/// <summary>
/// Decodes the µB records of one bank into per-lane roles (combinational, from the row's metadata registers; the
/// result is static for a tile). bb = 2 maps µB slot b, location k to lane 8b + k; bb = 4 to lane 16b + 2k.
/// Entry e of a record is {Upper [6e+5:6e+3], Lower [6e+2:6e]}; Upper == Lower marks an unused entry.
/// </summary>
public static class LaneRoles
{
    public static LaneRole Decode(MicroScopiQConfig cfg, Expr twoBitMode, Expr present, Expr[] records, int lane)
    {
        var (low2, up2, tag2, d2) = Slot(cfg, present, records, lane / 8, lane % 8, bb4: false);
        if (cfg.Cols / 8 == 0 || lane % 2 == 1) return new(twoBitMode & low2, twoBitMode & up2, tag2, d2);
        var (low4, up4, tag4, d4) = Slot(cfg, present, records, lane / 16, (lane / 2) % 8, bb4: true);
        return new(Logic.Mux(twoBitMode, low2, low4), Logic.Mux(twoBitMode, up2, up4), Logic.Mux(twoBitMode, tag2, tag4), Logic.Mux(twoBitMode, d2, d4));
    }

    private static (Expr IsLow, Expr IsUp, Expr Tag, Expr D) Slot(MicroScopiQConfig cfg, Expr present, Expr[] records, int slot, int loc, bool bb4)
    {
        var r = records[slot];
        Expr isLow = Logic.Lit(0, 1), isUp = Logic.Lit(0, 1), upper = Logic.Lit(0, 3);
        for (var e = 3; e >= 0; e--)
        {
            var u = r[6 * e + 5, 6 * e + 3];
            var l = r[6 * e + 2, 6 * e];
            var used = u.Ne(l);
            var lowHere = used & l.Eq(loc);
            isLow = isLow | lowHere;
            isUp = isUp | (used & u.Eq(loc));
            upper = Logic.Mux(lowHere, u, upper);
        }
        // µB-local tag: bb = 2 → lane bits [2:0] = Upper loc (bit 3 = slot parity); bb = 4 → bits [3:1] = loc, bit 0 = 0.
        int tw = cfg.TagBits;
        Expr tag = bb4 ? Logic.Cat(upper, Logic.Lit(0, 1)) : tw > 3 ? Logic.Cat(Logic.Lit(slot & 1, 1), upper) : upper;
        var p = present[slot];
        return (p & isLow, p & isUp, tag.Resize(tw), r[24 + cfg.DeltaOWidth - 1, 24]);
    }
}
