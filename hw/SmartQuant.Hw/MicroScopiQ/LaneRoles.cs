using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>Role of one logical lane for one weight bank: Lower (with its Upper's µB-local lane as tag) or Upper (with ΔO).</summary>
public sealed record LaneRole(Expr IsLow, Expr IsUp, Expr Tag, Expr DeltaO);

/// <summary>What the µB records say about one lane at one µB width, before the mode picks the width: the lane is a
/// Lower (then Upper is its Upper's location in the µB, 3 bits) or an Upper; both flags are gated by the µB's presence bit.</summary>
public sealed record LaneEntry(Expr IsLow, Expr IsUp, Expr Upper);

/// <summary>
/// What one µB record says about its eight locations, as words: bit k of LowMask / UpMask = the lane at location k is a
/// Lower / an Upper (gated by the µB's presence bit), bits [3k+2:3k] of UpperLocs = the location of that Lower's Upper
/// (0 where none). A row keeps these in registers written as its bank is loaded; a lane's role is then bit selects.
/// </summary>
public sealed record MicroBlockRoles(Expr LowMask, Expr UpMask, Expr UpperLocs)
{
    public LaneEntry At(int loc) => new(LowMask[loc], UpMask[loc], UpperLocs[3 * loc + 2, 3 * loc]);
    public static MicroBlockRoles Mux(Expr sel, MicroBlockRoles whenSet, MicroBlockRoles otherwise) =>
        new(Logic.Mux(sel, whenSet.LowMask, otherwise.LowMask), Logic.Mux(sel, whenSet.UpMask, otherwise.UpMask),
            Logic.Mux(sel, whenSet.UpperLocs, otherwise.UpperLocs));
}

/// <summary>
/// Decodes the µB records of one bank into per-lane roles. bb = 2 maps µB slot b, location k to lane 8b + k; bb = 4 to
/// lane 16b + 2k (even lanes only). Entry e of a record is {Upper [6e+5:6e+3], Lower [6e+2:6e]}; Upper == Lower marks an
/// unused entry. <see cref="Decode"/> is the whole decode (combinational, used by the shared-ReCoN units on their entry
/// registers); <see cref="Entry"/> and <see cref="Select"/> are its two halves, so a row can keep the per-width entries in
/// registers written as its bank is loaded (<see cref="DecodeBlock"/>) and only select by mode per token.
/// </summary>
public static class LaneRoles
{
    public static LaneRole Decode(MicroScopiQConfig cfg, Expr twoBitMode, Expr present, Expr[] records, int lane)
    {
        var bb2 = Entry(present, records, lane / 8, lane % 8);
        var bb4 = HasBb4Role(cfg, lane) ? Entry(present, records, lane / 16, (lane / 2) % 8) : null;
        return Select(cfg, twoBitMode, lane, bb2, bb4, DeltaO(cfg, records[lane / 8]), DeltaO(cfg, records[lane / 16]));
    }

    /// <summary>Whether the lane has a role at bb = 4 (an even lane, and the row has a µB of 4-bit weights at all).</summary>
    public static bool HasBb4Role(MicroScopiQConfig cfg, int lane) => cfg.Cols / 8 != 0 && lane % 2 == 0;

    /// <summary>The lane's role at the mode's width: bb = 2 entry, tag and ΔO when twoBitMode, else bb = 4's (none on odd lanes).
    /// <paramref name="d2"/>/<paramref name="d4"/>: ΔO of the lane's µB at bb = 2 (slot lane / 8) and bb = 4 (slot lane / 16).</summary>
    public static LaneRole Select(MicroScopiQConfig cfg, Expr twoBitMode, int lane, LaneEntry bb2, LaneEntry? bb4, Expr d2, Expr d4)
    {
        var tag2 = Tag(cfg, bb2.Upper, lane / 8, bb4: false);
        if (bb4 is null) return new(twoBitMode & bb2.IsLow, twoBitMode & bb2.IsUp, tag2, d2);
        var tag4 = Tag(cfg, bb4.Upper, lane / 16, bb4: true);
        return new(Logic.Mux(twoBitMode, bb2.IsLow, bb4.IsLow), Logic.Mux(twoBitMode, bb2.IsUp, bb4.IsUp),
            Logic.Mux(twoBitMode, tag2, tag4), Logic.Mux(twoBitMode, d2, d4));
    }

    /// <summary>ΔO of a µB record (bits [24 + DeltaOWidth − 1 : 24]).</summary>
    public static Expr DeltaO(MicroScopiQConfig cfg, Expr record) => record[24 + cfg.DeltaOWidth - 1, 24];

    /// <summary>The role of location <paramref name="loc"/> of µB <paramref name="slot"/>: a match against the record's four entries.</summary>
    public static LaneEntry Entry(Expr present, Expr[] records, int slot, int loc)
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
        var p = present[slot];
        return new(p & isLow, p & isUp, upper);
    }

    /// <summary>
    /// <see cref="Entry"/> for all eight locations of one µB at once, with word operations instead of a match per location
    /// (one-hot masks by shifting, the Upper locations placed 4 bits apart and compacted to 3): the same function, entry by
    /// entry from 3 down to 0 so that, as in <see cref="Entry"/>, the lowest used entry naming a location gives its Upper.
    /// </summary>
    public static MicroBlockRoles DecodeBlock(Expr present, Expr record)
    {
        Expr low = Logic.Lit(0, 8), up = Logic.Lit(0, 8), uppers = Logic.Lit(0, 32);
        for (var e = 3; e >= 0; e--)
        {
            var u = record[6 * e + 5, 6 * e + 3];
            var l = record[6 * e + 2, 6 * e];
            var used = u.Ne(l);
            low = low | Logic.Mux(used, Logic.Lit(1, 1).ShiftLeft(l), Logic.Lit(0, 8));
            up = up | Logic.Mux(used, Logic.Lit(1, 1).ShiftLeft(u), Logic.Lit(0, 8));
            var at = Logic.Cat(l, Logic.Lit(0, 2));   // 4·l
            var field = Logic.Lit(15, 4).ShiftLeft(at)[31, 0];
            uppers = Logic.Mux(used, (uppers & ~field) | u.Extend(4).ShiftLeft(at)[31, 0], uppers);
        }
        var p = Logic.Repeat(present, 8);
        return new(low & p, up & p, Logic.Cat(Enumerable.Range(0, 8).Reverse().Select(k => uppers[4 * k + 2, 4 * k])));
    }

    /// <summary>µB-local tag: bb = 2 → lane bits [2:0] = Upper loc (bit 3 = slot parity); bb = 4 → bits [3:1] = loc, bit 0 = 0.</summary>
    private static Expr Tag(MicroScopiQConfig cfg, Expr upper, int slot, bool bb4)
    {
        int tw = cfg.TagBits;
        Expr tag = bb4 ? Logic.Cat(upper, Logic.Lit(0, 1)) : tw > 3 ? Logic.Cat(Logic.Lit(slot & 1, 1), upper) : upper;
        return tag.Resize(tw);
    }
}
