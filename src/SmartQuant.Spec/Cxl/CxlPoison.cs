namespace SmartQuant.Hw.Cxl;

/// <summary>
/// How a poisoned host line spreads over the k-bit views (docs/cxl-store.md, "Poison"). A block keeps one poison bit per
/// host line of its full-precision alias (bit l: weights 64l … 64l+63); a line of any view that carries a weight of a
/// poisoned host line is returned with DRS Poison. The RTL's read path and the golden model both use this table.
/// </summary>
public static class CxlPoison
{
    /// <summary>
    /// The host lines whose weights line <paramref name="line"/> of a view carries: PADDED and full precision line l
    /// carries host line l; PACKED k line j is stream bits 512j … 512j+511, i.e. weights ⌊512j/k⌋ … ⌊(512j+511)/k⌋,
    /// host lines ⌊8j/k⌋ … ⌊(512j+511)/(64k)⌋; a passthrough line is poisoned by any mark on its burst. 0 for
    /// k = 0 and for PACKED lines past the view's k (no such line); a k above 8 (not a legal region) is taken as 8, as the
    /// RTL's table select does.
    /// </summary>
    public static int Cover(int k, RegionFormat format, int line)
    {
        k = Math.Min(k, 8);
        if (format == RegionFormat.Passthrough) return 0xFF;
        if (format != RegionFormat.Packed) return 1 << line;
        if (k == 0 || line >= k) return 0;
        var (first, last) = (512 * line / k / 64, (512 * line + 511) / k / 64);
        var m = 0;
        for (var l = first; l <= last; l++) m |= 1 << l;
        return m;
    }
}
