using SmartQuant.Hw.Cxl;
using SmartQuant.Models.Cxl;

namespace SmartQuant.Sim.Drivers.Cxl;

/// <summary>
/// Multi-writer ingest (issue 14, write ingest): every epoch 1 to W writers (W = write combiners; W + 2 in the
/// partial-block epochs) load their own runs of 1–2 blocks through the full-precision alias, interleaved one line per writer per turn, so the combiners fill
/// side by side, full blocks flush while others collect, and past W writers partial blocks are evicted by
/// read-modify-write. Epoch kinds rotate: whole blocks; partial blocks (a random subset of a block's lines, flushed
/// by idle time or eviction); whole and partial blocks with racing full-precision reads of lines written once (a read
/// of a combined block flushes it first); and writers that rewrite each other's lines (a repeated line flushes the
/// block). After each epoch every line of the touched blocks is read back through the full-precision alias and the
/// k-bit view, so nothing stored may be lost or changed. Stalled and stall-free epochs alternate.
/// </summary>
public static class CxlIngestScenario
{
    public const int Blocks = 32;
    private static readonly (int K, RegionFormat F, bool Round)[] Views =
    [
        (4, RegionFormat.Packed, false), (2, RegionFormat.Packed, true), (3, RegionFormat.Padded, false), (6, RegionFormat.Packed, false),
    ];

    public static IEnumerable<CxlStep> Steps(Random rng, int combiners)
    {
        var hdm = new HdmInterleave(CxlLayout.HdmBase, 0, 0, 0);
        var full = CxlLayout.FullPrecision(Blocks);
        for (var epoch = 0; ; epoch++)
        {
            var (k, f, round) = Views[epoch / 4 % Views.Length];
            var alias = CxlLayout.Alias(Blocks, k, f, round);
            yield return CxlLayout.Program(hdm, full, alias);
            yield return epoch % 2 == 0 ? new CxlStalls(0, 0, 0) : new CxlStalls(0.1, 0.1, 0.1);
            var kind = epoch % 4;
            // Up to W writers; in the partial-block epochs up to W + 2, so combiners are evicted (each eviction is a
            // plane-by-plane read-modify-write of ~50 cycles per plane, so more writers would leave too few epochs).
            var writers = 1 + rng.Next(kind == 1 ? combiners + 2 : combiners);
            // Each writer a run of 1..3 blocks; runs are disjoint except in the rewrite epoch.
            var order = Enumerable.Range(0, Blocks).OrderBy(_ => rng.Next()).ToArray();
            var next = 0;
            var runs = new List<long[]>();
            for (var w = 0; w < writers && next < Blocks; w++)
            {
                var count = Math.Min(1 + rng.Next(2), Blocks - next);
                var blocks = order.Skip(next).Take(count).ToArray();
                next += count;
                var lines = new List<long>();
                foreach (var b in blocks)
                {
                    // Partial blocks in the partial and racing epochs: a random subset of the lines, in order.
                    var mask = kind is 1 or 2 && rng.Next(2) == 0 ? 1 + rng.Next(255) : 0xFF;
                    for (var l = 0; l < 8; l++) if (((mask >> l) & 1) != 0) lines.Add(8L * b + l);
                }
                runs.Add([.. lines]);
            }
            if (kind == 3 && runs.Count > 1)
                runs[^1] = [.. runs[0]];   // the last writer rewrites the first writer's lines: repeated lines
            var touched = runs.SelectMany(r => r).Select(l => l / 8).Distinct().Order().ToArray();
            var writtenOnce = runs.SelectMany(r => r).GroupBy(l => l).Where(g => g.Count() == 1).Select(g => g.Key).ToArray();
            var longest = runs.Max(r => r.Length);
            for (var i = 0; i < longest; i++)
                foreach (var r in runs)
                {
                    if (i >= r.Length) continue;
                    yield return new CxlWrite(hdm.HpaOf(full.DpaBase + r[i]), CxlStreamScenario.Bytes(rng));
                    if (kind == 2 && writtenOnce.Length > 0 && rng.Next(4) == 0)
                        yield return new CxlRead(hdm.HpaOf(full.DpaBase + writtenOnce[rng.Next(writtenOnce.Length)]));
                }
            yield return new CxlDrain(rng.Next(4));
            var perBlock = f == RegionFormat.Packed ? k : 8;
            foreach (var b in touched)
            {
                for (var l = 0; l < 8; l++) yield return new CxlRead(hdm.HpaOf(full.DpaBase + 8L * b + l));
                for (var l = 0; l < perBlock; l++) yield return new CxlRead(hdm.HpaOf(alias.DpaBase + (long)perBlock * b + l));
            }
            yield return new CxlDrain(rng.Next(4));
        }
    }
}
