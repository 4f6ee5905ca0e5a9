using SmartQuant.Hw.Cxl;
using SmartQuant.Models.Cxl;

namespace SmartQuant.Sim.Drivers.Cxl;

/// <summary>
/// Partial writes (issue 14, RAS item: MemWrPtl with byte enables; docs/cxl-store.md, "Partial writes"). Every epoch
/// writes random lines of a few blocks once each, through the full-precision alias (merged into the bit planes by
/// the write combiners: whole lines, partial lines, whole blocks, partial blocks read-modify-written per plane) or
/// through a passthrough window (a partial line read, merged and written by the passthrough register). Byte enables
/// are drawn from sparse random masks, single bytes, runs, all ones, and none (a MemWrPtl that writes nothing:
/// Cmp, no change); MemWr and MemWrPtl alternate at random. After a drain every touched line is read back through
/// the full-precision alias and the k-bit view (or the passthrough window), so a byte written or kept wrongly shows.
/// Stalled and stall-free epochs alternate; the k-bit view rotates. With <c>poison</c> (the <c>poison</c> test) a third
/// of the writes carry RwD Poison, so lines are poisoned, rewritten clean (whole: cleared; partial: kept) and poisoned
/// again, and every read's DRS Poison is checked against the reference's marks (docs/cxl-store.md, "Poison").
/// </summary>
public static class CxlPartialScenario
{
    public const int Blocks = 16;
    private static readonly (int K, RegionFormat F, bool Round)[] Views =
    [
        (4, RegionFormat.Packed, false), (3, RegionFormat.Padded, true), (2, RegionFormat.Packed, true), (5, RegionFormat.Packed, false),
    ];

    /// <summary>Byte enables of one write: none, all, one byte, a run, or a sparse random mask.</summary>
    public static ulong ByteEnables(Random rng) => rng.Next(8) switch
    {
        0 => 0,
        1 => ulong.MaxValue,
        2 => 1UL << rng.Next(64),
        3 => Run(rng),
        _ => (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 40),
    };

    private static ulong Run(Random rng)
    {
        var a = rng.Next(64);
        var n = 1 + rng.Next(64 - a);
        return n == 64 ? ulong.MaxValue : ((1UL << n) - 1) << a;
    }

    public static IEnumerable<CxlStep> Steps(Random rng, bool poison = false)
    {
        var hdm = new HdmInterleave(CxlLayout.HdmBase, 0, 0, 0);
        var full = CxlLayout.FullPrecision(Blocks);
        // load every block first, so merges keep known bytes
        foreach (var step in CxlLayout.Preload(hdm, full, CxlLayout.Alias(Blocks, 4, RegionFormat.Packed, false), Blocks, rng, drain: 8)) yield return step;
        for (var epoch = 0; ; epoch++)
        {
            var passEpoch = epoch % 3 == 2;
            var (k, f, round) = Views[epoch / 3 % Views.Length];
            var region1 = passEpoch ? CxlLayout.Alias(Blocks, 8, RegionFormat.Passthrough, false) : CxlLayout.Alias(Blocks, k, f, round);
            yield return CxlLayout.Program(hdm, full, region1);
            yield return epoch % 2 == 0 ? new CxlStalls(0, 0, 0) : new CxlStalls(0.1, 0.1, 0.1);
            // lines of 1..3 blocks (or of the passthrough window), each written once, in a random order
            var lines = passEpoch
                ? Enumerable.Range(0, (int)CxlLayout.PassLines).Select(l => region1.DpaBase + l).OrderBy(_ => rng.Next()).Take(4 + rng.Next(12)).ToArray()
                : Enumerable.Range(0, Blocks).OrderBy(_ => rng.Next()).Take(1 + rng.Next(3))
                    .SelectMany(b => Enumerable.Range(0, 8).Where(_ => rng.Next(3) != 0).Select(l => 8L * b + l)).OrderBy(_ => rng.Next()).ToArray();
            foreach (var line in lines)
            {
                var ptl = rng.Next(4) != 0;
                var bad = poison && rng.Next(3) == 0;
                yield return new CxlWrite(hdm.HpaOf(line), CxlStreamScenario.Bytes(rng), ptl ? CxlOpcodes.MemWrPtl : CxlOpcodes.MemWr, ptl ? ByteEnables(rng) : ulong.MaxValue, bad);
            }
            yield return new CxlDrain(rng.Next(4));
            if (passEpoch)
                foreach (var line in lines) yield return new CxlRead(hdm.HpaOf(line));
            else
            {
                var perBlock = f == RegionFormat.Packed ? k : 8;
                foreach (var b in lines.Select(l => l / 8).Distinct().Order())
                {
                    for (var l = 0; l < 8; l++) yield return new CxlRead(hdm.HpaOf(8 * b + l));
                    for (var l = 0; l < perBlock; l++) yield return new CxlRead(hdm.HpaOf(region1.DpaBase + perBlock * b + l));
                }
            }
            yield return new CxlDrain(rng.Next(4));
        }
    }
}
