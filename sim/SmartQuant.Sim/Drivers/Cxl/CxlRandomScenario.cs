using SmartQuant.Hw.Cxl;
using SmartQuant.Models.Cxl;

namespace SmartQuant.Sim.Drivers.Cxl;

/// <summary>
/// Random single-line traffic in epochs: each epoch re-programs the HDM interleave (IG, IW, way) and region 1 (a random
/// k-bit view or a passthrough window), picks stall rates, and issues a random mix of full-precision reads and writes,
/// k-bit reads, passthrough traffic, NXM reads (outside the HDM range or between regions), writes to the low-precision
/// alias, unsupported opcodes and MemSpecRd — with few tags, so tags are reused constantly. Blocks written in an epoch
/// are read only through the full-precision alias (a racing read may see old or new data, which the reference allows).
/// </summary>
public static class CxlRandomScenario
{
    public const int Blocks = 8, Tags = 8;
    private static readonly double[] Rates = [0, 0.1, 0.3, 0.6];
    /// <summary>IW codes an epoch picks from: 1, 2, 4 ways and the modulo-3 cases 3, 6, 12 ways.</summary>
    private static readonly int[] IwCodes = [0, 1, 2, 8, 9, 10];

    public static IEnumerable<CxlStep> Steps(Random rng)
    {
        var full = CxlLayout.FullPrecision(Blocks);
        var hdm = new HdmInterleave(CxlLayout.HdmBase, 0, 0, 0);
        foreach (var step in CxlLayout.Preload(hdm, full, CxlLayout.Alias(Blocks, 8, RegionFormat.Passthrough, false), Blocks, rng)) yield return step;
        while (true)
        {
            var iw = IwCodes[rng.Next(IwCodes.Length)];
            hdm = new HdmInterleave(CxlLayout.HdmBase, rng.Next(3), iw, rng.Next(HdmInterleave.WaysOf(iw)));
            var format = (RegionFormat)rng.Next(3);
            var k = format == RegionFormat.Passthrough ? 8 : 1 + rng.Next(8);
            var alias = CxlLayout.Alias(Blocks, k, format, rng.Next(2) == 0);
            var program = CxlLayout.Program(hdm, full, alias);
            yield return program;
            yield return new CxlStalls(Rates[rng.Next(4)], Rates[rng.Next(4)], Rates[rng.Next(3)]);
            var written = new HashSet<long>();
            var dirty = Enumerable.Range(0, Blocks).Where(_ => rng.Next(4) == 0).ToHashSet();
            var clean = Enumerable.Range(0, Blocks).Where(b => !dirty.Contains(b)).ToArray();
            for (var op = 0; op < 48; op++)
            {
                var roll = rng.Next(100);
                if (roll < 25 && dirty.Count > 0)
                {
                    // each line at most once per epoch, so a racing read has exactly two legal answers
                    var line = 8L * dirty.ElementAt(rng.Next(dirty.Count)) + rng.Next(8);
                    if (written.Add(line)) yield return new CxlWrite(hdm.HpaOf(line), CxlStreamScenario.Bytes(rng));
                }
                else if (roll < 55) yield return new CxlRead(hdm.HpaOf(rng.Next((int)full.DpaLimit)));
                else if (roll < 80 && alias.Format == RegionFormat.Passthrough)
                {
                    var line = alias.DpaBase + rng.Next((int)CxlLayout.PassLines);
                    if (rng.Next(2) == 0 && written.Add(line)) yield return new CxlWrite(hdm.HpaOf(line), CxlStreamScenario.Bytes(rng));
                    else yield return new CxlRead(hdm.HpaOf(line));
                }
                else if (roll < 80 && clean.Length > 0)
                {
                    var per = alias.Format == RegionFormat.Packed ? alias.K : 8;
                    yield return new CxlRead(hdm.HpaOf(alias.DpaBase + per * clean[rng.Next(clean.Length)] + rng.Next(per)));
                }
                else if (roll < 88) yield return new CxlRead(Nxm(rng, program, alias));
                // a write to a low-precision alias, half of them poisoned: Cmp, nothing stored changes either way
                else if (roll < 92 && alias.K < 8) yield return new CxlWrite(hdm.HpaOf(alias.DpaBase + rng.Next(alias.K)), CxlStreamScenario.Bytes(rng), Poison: rng.Next(2) == 0);
                else if (roll < 94) yield return new CxlWrite(hdm.HpaOf(full.DpaLimit + rng.Next(64)), CxlStreamScenario.Bytes(rng)); // no region
                // a MemWrPtl with no byte enabled: Cmp, nothing stored changes (the partial scenario writes enabled bytes)
                else if (roll < 96) yield return new CxlWrite(hdm.HpaOf(rng.Next((int)full.DpaLimit)), CxlStreamScenario.Bytes(rng), CxlOpcodes.MemWrPtl, Be: 0);
                else if (roll < 98) yield return new CxlRead(hdm.HpaOf(rng.Next((int)full.DpaLimit)), CxlOpcodes.MemSpecRd);
                else yield return new CxlRead(hdm.HpaOf(rng.Next((int)full.DpaLimit)), CxlOpcodes.MemInv);
            }
            yield return new CxlDrain(rng.Next(3) == 0 ? 40 : rng.Next(4));
        }
    }

    /// <summary>A host line that must answer NXM: below or above the HDM range, or a DPA between/after the regions.</summary>
    private static long Nxm(Random rng, CxlProgram p, RegionSpec alias) => rng.Next(4) switch
    {
        0 => p.Hdm.BaseLine - 1 - rng.Next(100),
        1 => p.Hdm.BaseLine + p.SizeLines + rng.Next(100),
        2 => p.Hdm.HpaOf(8L * Blocks + rng.Next((int)(CxlLayout.AliasBase - 8 * Blocks))),
        _ => p.Hdm.HpaOf(alias.DpaLimit + rng.Next(1000)),
    };
}
