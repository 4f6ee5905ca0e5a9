using SmartQuant.Hw.Cxl;
using SmartQuant.Models.Cxl;

namespace SmartQuant.Sim.Drivers.Cxl;

/// <summary>
/// The address layout the co-simulation scenarios share: region 0 = the full-precision alias of the weight tensor,
/// region 1 = a k-bit alias of it or a passthrough window; everything small enough for the test configuration.
/// </summary>
public static class CxlLayout
{
    /// <summary>HDM base: 256 MiB-aligned (in 64-B lines).</summary>
    public const long HdmBase = 1L << 22;
    /// <summary>DPA lines the HDM range covers per way.</summary>
    public const long DpaSpan = 1L << 16;
    /// <summary>DPA line where region 1 starts.</summary>
    public const long AliasBase = 1L << 14;
    /// <summary>Physical line of the passthrough window, and its size in lines.</summary>
    public const long PassPhys = 4096, PassLines = 64;

    public static RegionSpec FullPrecision(int blocks) => new(0, 8L * blocks, 0, 8, RegionFormat.Padded);

    public static RegionSpec Alias(int blocks, int k, RegionFormat format, bool round) =>
        format == RegionFormat.Passthrough
            ? new(AliasBase, AliasBase + PassLines, PassPhys, 8, RegionFormat.Passthrough)
            : new(AliasBase, AliasBase + (format == RegionFormat.Packed ? k : 8) * (long)blocks, 0, k, format, round);

    public static CxlProgram Program(HdmInterleave hdm, params RegionSpec[] regions) => new(hdm, DpaSpan * hdm.Ways, regions);

    /// <summary>
    /// How the scenarios start: <paramref name="full"/> and <paramref name="alias"/> programmed, every line of the
    /// tensor's <paramref name="blocks"/> blocks written with random bytes in line order, then a drain of
    /// <paramref name="drain"/> extra cycles. Lazy like the scenarios, so it draws from <paramref name="rng"/> in the
    /// same order as the code it replaced and every seed replays the same traffic.
    /// </summary>
    public static IEnumerable<CxlStep> Preload(HdmInterleave hdm, RegionSpec full, RegionSpec alias, int blocks, Random rng, int drain = 0)
    {
        yield return Program(hdm, full, alias);
        for (var l = 0; l < 8 * blocks; l++) yield return new CxlWrite(hdm.HpaOf(l), CxlStreamScenario.Bytes(rng));
        yield return new CxlDrain(drain);
    }
}
