namespace SmartQuant.RealModel.Context;

/// <summary>
/// How much the top-f important set of one kind of unit (heads or neurons) of one block moves between passages.
/// </summary>
/// <param name="Units">Units of the kind in the block; <paramref name="TopCount"/> of them form each top set.</param>
/// <param name="PairJaccard">Mean Jaccard index |A∩B|/|A∪B| of the top sets over all pairs of evaluation passages.</param>
/// <param name="StaticOverlap">Mean |A_p ∩ S| / |S|: share of a passage's top set that the static set (top of the calibration-mean importance) also holds.</param>
/// <param name="StaticMass">Mean over passages of Σ_{S} imp_p / Σ_{A_p} imp_p: the share of the passage's best possible top-set importance the static set captures.</param>
/// <param name="RandomJaccard">Jaccard two independent random sets of this size would have on average, m / (2n − m): the no-structure floor.</param>
public sealed record OverlapRow(int Block, string Kind, int Units, int TopCount, double PairJaccard, double StaticOverlap, double StaticMass, double RandomJaccard);

public static class ImportanceOverlap
{
    /// <summary>Mean importance over the calibration passages, [block][unit], for heads or neurons.</summary>
    public static double[][] Average(IReadOnlyList<PassageImportance> calibration, bool heads)
    {
        var first = heads ? calibration[0].Heads : calibration[0].Neurons;
        var r = first.Select(u => new double[u.Length]).ToArray();
        foreach (var p in calibration)
        {
            var s = heads ? p.Heads : p.Neurons;
            for (int b = 0; b < r.Length; b++)
                for (int u = 0; u < r[b].Length; u++) r[b][u] += s[b][u] / calibration.Count;
        }
        return r;
    }

    /// <summary>Rows for every block, heads then neurons, at top fraction <paramref name="fraction"/>.</summary>
    public static List<OverlapRow> Measure(IReadOnlyList<PassageImportance> calibration, IReadOnlyList<PassageImportance> evaluation, double fraction)
    {
        if (calibration.Count == 0 || evaluation.Count < 2) throw new ArgumentException("overlap needs calibration passages and at least two evaluation passages");
        var rows = new List<OverlapRow>();
        foreach (var heads in new[] { true, false })
        {
            var avg = Average(calibration, heads);
            for (int b = 0; b < avg.Length; b++)
            {
                int n = avg[b].Length, m = TopSet.Count(n, fraction);
                var stat = TopSet.Of(avg[b], m);
                var sets = evaluation.Select(p => TopSet.Of(heads ? p.Heads[b] : p.Neurons[b], m)).ToArray();
                var members = sets.Select(s => Enumerable.Range(0, n).Where(i => s[i]).ToArray()).ToArray();
                double jac = 0; long pairs = 0;
                for (int i = 0; i < sets.Length; i++)
                    for (int j = i + 1; j < sets.Length; j++)
                    {
                        int inter = members[i].Count(u => sets[j][u]);
                        int union = 2 * m - inter;
                        jac += union == 0 ? 1 : (double)inter / union;
                        pairs++;
                    }
                double so = 0, mass = 0;
                for (int p = 0; p < evaluation.Count; p++)
                {
                    var imp = heads ? evaluation[p].Heads[b] : evaluation[p].Neurons[b];
                    so += m == 0 ? 1 : (double)members[p].Count(u => stat[u]) / m;
                    double best = members[p].Sum(u => imp[u]), got = Enumerable.Range(0, n).Where(u => stat[u]).Sum(u => imp[u]);
                    mass += best == 0 ? 1 : got / best;
                }
                rows.Add(new OverlapRow(b, heads ? "heads" : "neurons", n, m, jac / pairs, so / evaluation.Count, mass / evaluation.Count,
                    m == 0 ? 1 : (double)m / (2 * n - m)));
            }
        }
        return rows;
    }
}
