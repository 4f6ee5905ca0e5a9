using SmartQuant.Hw.MicroScopiQ;
using SmartQuant.Quant.Recon;

namespace SmartQuant.Models.MicroScopiQ;

/// <summary>One row's outlier pairs (Upper, Lower, ΔO), lane roles (1 = Upper, 2 = Lower) and, per Lower lane, the lane
/// its res item merges into under the shared ReCoN router's configuration for the pairs.</summary>
internal sealed record RowPlan(bool TwoBitMode, List<(int Upper, int Lower, int DeltaO)> Pairs, int[] Role, int[] MergeLane);

/// <summary>
/// Row plans by row content (mode, present mask, the records of present µBs): a plan is a function of these alone, and a
/// co-simulation streams a layer's tiles again and again, so each distinct row is routed once instead of at every write.
/// Lookups allocate nothing; a miss copies the key's records. The cache is emptied when it reaches
/// <see cref="Capacity"/> rows (real layers have many distinct rows; memory stays bounded).
/// </summary>
internal sealed class RowPlanCache(MicroScopiQConfig cfg)
{
    public const int Capacity = 4096;
    private readonly ReconTopology _topology = new(cfg.Lanes);
    private readonly Dictionary<Key, RowPlan> _plans = new(new KeyComparer());
    private readonly uint[] _scratch = new uint[cfg.MicroSlots];

    /// <param name="row">only for error messages.</param>
    public RowPlan Get(ulong present, ReadOnlySpan<uint> records, bool twoBitMode, int row)
    {
        // Normalize to what RowPairs reads: present bits of usable µB slots and those slots' records.
        int slots = twoBitMode ? cfg.MicroSlots : cfg.Cols / 8;
        if (slots < 64) present &= (1UL << slots) - 1;
        for (int b = 0; b < _scratch.Length; b++) _scratch[b] = b < 64 && ((present >> b) & 1) != 0 ? records[b] : 0;
        var probe = new Key(twoBitMode, present, _scratch);
        if (_plans.TryGetValue(probe, out var plan)) return plan;
        plan = Build(present, _scratch, twoBitMode, row);
        if (_plans.Count >= Capacity) _plans.Clear();
        _plans.Add(probe with { Records = (uint[])_scratch.Clone() }, plan);
        return plan;
    }

    /// <summary>
    /// The pairs are routed by <see cref="ReconRouter"/> and the route is run once through <see cref="ReconSimulator"/>
    /// with zero accs and res item l carrying l + 1, so the lane each item reaches is read off its output. The simulator
    /// adds res items to accs and moves them by the switch settings only, never by their values, so every token of the
    /// tile gets from it exactly acc + the merged items, which the model applies directly.
    /// </summary>
    private RowPlan Build(ulong present, uint[] records, bool twoBitMode, int row)
    {
        int n = cfg.Lanes;
        var pairs = MicroScopiQModel.RowPairs(cfg, present, records, twoBitMode);
        var role = new int[n];
        foreach (var (u, l, _) in pairs) { role[u] = 1; role[l] = 2; }
        var route = ReconRouter.TryRoute(_topology, pairs.Select(t => new LanePair(t.Upper, t.Lower)).ToList());
        if (!route.Success) throw new InvalidOperationException($"row {row}: permutation list not routable: {route.Error}");
        var probe = new long?[n];
        foreach (var (_, l, _) in pairs) probe[l] = l + 1;
        var reached = ReconSimulator.Run(route.Config!, new long[n], probe);
        var merge = new int[n];
        Array.Fill(merge, -1);
        for (int j = 0; j < n; j++)
        {
            if (reached[j] == 0) continue;
            int l = (int)reached[j] - 1;
            if (l < 0 || l >= n || probe[l] is null || merge[l] >= 0)
                throw new InvalidOperationException($"row {row}: ReCoN output lane {j} holds {reached[j]}, not one res item");
            merge[l] = j;
        }
        foreach (var (u, l, _) in pairs)
            if (merge[l] < 0) throw new InvalidOperationException($"row {row}: the res item of lane {l} reached no output");
        return new RowPlan(twoBitMode, pairs, role, merge);
    }

    private readonly record struct Key(bool TwoBitMode, ulong Present, uint[] Records);

    private sealed class KeyComparer : IEqualityComparer<Key>
    {
        public bool Equals(Key a, Key b) =>
            a.TwoBitMode == b.TwoBitMode && a.Present == b.Present && a.Records.AsSpan().SequenceEqual(b.Records);

        public int GetHashCode(Key k)
        {
            var h = new HashCode();
            h.Add(k.TwoBitMode);
            h.Add(k.Present);
            foreach (var r in k.Records) h.Add(r);
            return h.ToHashCode();
        }
    }
}
