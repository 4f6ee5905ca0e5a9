namespace SmartQuant.Quant.Recon;

/// <summary>
/// The quantizer's pairing search (docs/spec/recon.md): which pruned slot receives which outlier's Lower half.
/// Assignments are tried in lexicographic order of the pruned slots (≤ 4! = 24 for Bµ = 8) and the first
/// routable one wins, so the choice is deterministic.
/// </summary>
public static class ReconPairing
{
    /// <summary>Routable pairs sorted by Upper lane, or null if no assignment routes.</summary>
    public static LanePair[]? FindRoutable(ReconTopology topology, IReadOnlyList<int> outliers, IReadOnlyList<int> pruned)
    {
        if (outliers.Count != pruned.Count) throw new ArgumentException($"{outliers.Count} outliers but {pruned.Count} pruned slots");
        var ups = outliers.Order().ToArray();
        var lows = pruned.Order().ToArray();
        foreach (var perm in Permutations(lows.Length))
        {
            var pairs = new LanePair[ups.Length];
            for (int i = 0; i < ups.Length; i++) pairs[i] = new LanePair(ups[i], lows[perm[i]]);
            if (ReconRouter.TryRoute(topology, pairs).Success) return pairs;
        }
        return null;
    }

    /// <summary>All permutations of 0…n−1 in lexicographic order.</summary>
    public static IEnumerable<int[]> Permutations(int n)
    {
        var p = Enumerable.Range(0, n).ToArray();
        while (true)
        {
            yield return (int[])p.Clone();
            int i = n - 2;
            while (i >= 0 && p[i] >= p[i + 1]) i--;
            if (i < 0) yield break;
            int j = n - 1;
            while (p[j] <= p[i]) j--;
            (p[i], p[j]) = (p[j], p[i]);
            Array.Reverse(p, i + 1, n - i - 1);
        }
    }
}
