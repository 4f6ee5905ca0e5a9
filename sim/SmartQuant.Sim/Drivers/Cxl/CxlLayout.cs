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
}
