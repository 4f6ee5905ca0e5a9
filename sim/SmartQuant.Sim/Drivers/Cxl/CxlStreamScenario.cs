using SmartQuant.Hw.Cxl;
using SmartQuant.Models.Cxl;

namespace SmartQuant.Sim.Drivers.Cxl;

/// <summary>
/// Streaming: load a weight tensor through the full-precision alias, then epoch after epoch stream all of it at full
/// precision and through a k-bit alias (k, PACKED/PADDED and rounding cycle through the cases), with stall-free epochs
/// (peak streaming) alternating with stalled ones. Every few epochs one block is rewritten.
/// </summary>
public static class CxlStreamScenario
{
    public const int Blocks = 8;
    private static readonly (int K, RegionFormat F, bool Round)[] Views =
    [
        (4, RegionFormat.Packed, false), (2, RegionFormat.Packed, false), (3, RegionFormat.Packed, true), (5, RegionFormat.Padded, false),
        (1, RegionFormat.Packed, false), (6, RegionFormat.Padded, true), (7, RegionFormat.Packed, false), (8, RegionFormat.Packed, false),
    ];

    public static IEnumerable<CxlStep> Steps(Random rng)
    {
        var hdm = new HdmInterleave(CxlLayout.HdmBase, 0, 0, 0);
        var full = CxlLayout.FullPrecision(Blocks);
        foreach (var step in CxlLayout.Preload(hdm, full, CxlLayout.Alias(Blocks, 4, RegionFormat.Packed, false), Blocks, rng)) yield return step;
        for (var epoch = 0; ; epoch++)
        {
            var (k, f, round) = Views[epoch % Views.Length];
            var alias = CxlLayout.Alias(Blocks, k, f, round);
            yield return CxlLayout.Program(hdm, full, alias);
            yield return epoch % 2 == 0 ? new CxlStalls(0, 0, 0) : new CxlStalls(0.2, 0.2, 0.15);
            for (var l = 0; l < full.DpaLimit; l++) yield return new CxlRead(hdm.HpaOf(l));
            for (var l = alias.DpaBase; l < alias.DpaLimit; l++) yield return new CxlRead(hdm.HpaOf(l));
            if (epoch % 4 == 3)
            {
                var b = rng.Next(Blocks);
                for (var l = 0; l < 8; l++) yield return new CxlWrite(hdm.HpaOf(8 * b + l), Bytes(rng));
            }
            yield return new CxlDrain(rng.Next(4));
        }
    }

    internal static byte[] Bytes(Random rng)
    {
        var b = new byte[64];
        rng.NextBytes(b);
        return b;
    }
}
