using SmartQuant.Hw.Cxl;
using SmartQuant.Models.Cxl;

namespace SmartQuant.Sim.Drivers.Cxl;

/// <summary>
/// HDM interleave: epoch after epoch one HDM setting (IG, IW incl. the 3/6/12-way codes, way) from a list; the weights
/// are written through it, then every full-precision and k-bit line is read back, and random host lines of every way
/// and granule around the regions are read (their DPA comes from the division of the granule index, NXM where no
/// region decodes). Finally one block is rewritten through random ways' host lines and read back next epoch.
/// </summary>
public static class CxlInterleaveScenario
{
    public const int Blocks = 8;

    /// <summary>The catalog test's settings: 3-, 6- and 12-way at several granularities and ways, and one 4-way.</summary>
    public static IReadOnlyList<HdmInterleave> Settings { get; } =
    [
        new(CxlLayout.HdmBase, 0, 8, 2), new(CxlLayout.HdmBase, 1, 9, 5), new(CxlLayout.HdmBase, 2, 10, 11),
        new(CxlLayout.HdmBase, 6, 8, 0), new(CxlLayout.HdmBase, 0, 10, 7), new(CxlLayout.HdmBase, 1, 2, 3),
    ];

    public static IEnumerable<CxlStep> Steps(Random rng, IReadOnlyList<HdmInterleave> settings)
    {
        var full = CxlLayout.FullPrecision(Blocks);
        var first = true;
        for (var epoch = 0; ; epoch++)
        {
            var hdm = settings[epoch % settings.Count];
            var k = 1 + rng.Next(7);
            var alias = CxlLayout.Alias(Blocks, k, rng.Next(2) == 0 ? RegionFormat.Packed : RegionFormat.Padded, rng.Next(2) == 0);
            yield return CxlLayout.Program(hdm, full, alias);
            yield return epoch % 2 == 0 ? new CxlStalls(0, 0, 0) : new CxlStalls(0.2, 0.2, 0.1);
            if (first)
            {
                for (var l = 0; l < full.DpaLimit; l++) yield return new CxlWrite(hdm.HpaOf(l), CxlStreamScenario.Bytes(rng));
                yield return new CxlDrain(0);
                first = false;
            }
            for (var l = 0; l < full.DpaLimit; l++) yield return new CxlRead(hdm.HpaOf(l));
            for (var l = alias.DpaBase; l < alias.DpaLimit; l++) yield return new CxlRead(hdm.HpaOf(l));
            // any way's host line: granule c, line inside it; covers both regions, the gap between them and beyond
            var g = 2 + hdm.Ig;
            var granules = (alias.DpaLimit >> g) + 2;
            for (var i = 0; i < 48; i++)
            {
                var c = rng.NextInt64(granules * hdm.Ways);
                var edge = rng.Next(2) == 0 ? full.DpaLimit >> g : alias.DpaBase >> g;
                if (rng.Next(2) == 0) c = Math.Max(0, edge + rng.Next(2) - 1) * hdm.Ways + c % hdm.Ways;   // granules at the regions' ends
                yield return new CxlRead(hdm.BaseLine + (c << g) + rng.Next(1 << g));
            }
            yield return new CxlDrain(rng.Next(4));
            var b = rng.Next(Blocks);
            for (var l = 0; l < 8; l++)
            {
                var dpa = 8L * b + l;
                var way = new HdmInterleave(hdm.BaseLine, hdm.Ig, hdm.Iw, rng.Next(hdm.Ways));   // the device ignores the way
                yield return new CxlWrite(way.HpaOf(dpa), CxlStreamScenario.Bytes(rng));
            }
            yield return new CxlDrain(rng.Next(4));
        }
    }
}
