using SmartQuant.Hw.Cxl;
using SmartQuant.Models.Cxl;

namespace SmartQuant.Sim.Drivers.Cxl;

/// <summary>
/// Many interleaved sequential readers (issue 14, many streams): after loading the tensor, every epoch picks a k-bit
/// view and 1 to 4·E readers (E = buffer entries), each walking its own run of blocks one line per turn, reader after
/// reader; some readers walk the full-precision alias instead, so half-entry blocks (≤ 4 planes) and whole-entry
/// blocks (full precision, k ≥ 5 PADDED/PACKED) compete for the same entries. Stall-free and stalled epochs alternate;
/// now and then a block is rewritten between epochs (the write flush invalidates buffered copies).
/// </summary>
public static class CxlMultiStreamScenario
{
    public const int Blocks = 16;
    private static readonly (int K, RegionFormat F, bool Round)[] Views =
    [
        (4, RegionFormat.Packed, false), (2, RegionFormat.Packed, false), (3, RegionFormat.Packed, true), (4, RegionFormat.Padded, false),
        (1, RegionFormat.Packed, false), (6, RegionFormat.Packed, false), (5, RegionFormat.Padded, true), (8, RegionFormat.Packed, false),
    ];

    public static IEnumerable<CxlStep> Steps(Random rng, int entries)
    {
        var hdm = new HdmInterleave(CxlLayout.HdmBase, 0, 0, 0);
        var full = CxlLayout.FullPrecision(Blocks);
        foreach (var step in CxlLayout.Preload(hdm, full, CxlLayout.Alias(Blocks, 4, RegionFormat.Packed, false), Blocks, rng)) yield return step;
        for (var epoch = 0; ; epoch++)
        {
            var (k, f, round) = Views[epoch % Views.Length];
            var alias = CxlLayout.Alias(Blocks, k, f, round);
            yield return CxlLayout.Program(hdm, full, alias);
            yield return epoch % 2 == 0 ? new CxlStalls(0, 0, 0) : new CxlStalls(0.1, 0.1, 0.1);
            var streams = 1 + rng.Next(4 * entries);
            var perBlock = f == RegionFormat.Packed ? k : 8;
            // Reader r: a random run of blocks, through the k-bit alias (most) or the full-precision alias.
            var readers = Enumerable.Range(0, streams).Select(_ =>
            {
                var first = rng.Next(Blocks);
                var count = 1 + rng.Next(Math.Min(4, Blocks - first));
                var fullPrecision = rng.Next(4) == 0;
                var lines = fullPrecision ? 8 : perBlock;
                var start = fullPrecision ? full.DpaBase + 8L * first : alias.DpaBase + (long)perBlock * first;
                return (Start: start, Lines: lines * count);
            }).ToArray();
            var longest = readers.Max(r => r.Lines);
            for (var l = 0; l < longest; l++)
                foreach (var r in readers)
                    if (l < r.Lines) yield return new CxlRead(hdm.HpaOf(r.Start + l));
            if (epoch % 5 == 4)
            {
                var b = rng.Next(Blocks);
                for (var l = 0; l < 8; l++) yield return new CxlWrite(hdm.HpaOf(8 * b + l), CxlStreamScenario.Bytes(rng));
            }
            yield return new CxlDrain(rng.Next(4));
        }
    }
}
