namespace SmartQuant.Quant.Recon;

/// <summary>Outcome of <see cref="ReconRouter.TryRoute"/>: a configuration, or why the pairs cannot be routed.</summary>
public sealed record ReconRoute(ReconConfig? Config, string? Error)
{
    public bool Success => Config is not null;
}

/// <summary>
/// Computes switch settings from a permutation list. A butterfly has exactly one path from lane l to lane u,
/// so each res item's route is fixed: with m = msb(u ^ l) + 1 it visits stage s (0 ≤ s ≤ m) at switch
/// (u mod 2^s) | (l − l mod 2^s), leaves stage s &lt; m on port u[s] and merges at stage m on switch u,
/// arriving on port l[m−1] = not u[m−1] (so both merge orientations occur). The only freedom is which
/// slot a res item occupies, and that is fixed by the output slot rule of <see cref="ReconTopology"/>;
/// a list is unroutable exactly when some wire would need more slots than it has.
/// Pairs inside one aligned µB of Bµ lanes only touch that µB's switches at stages 0…log2(Bµ), so µBs never
/// interact and a row configuration is the union of its µB configurations.
/// </summary>
public static class ReconRouter
{
    public static ReconRoute TryRoute(ReconTopology topology, IReadOnlyList<LanePair> pairs)
    {
        if (ValidatePairs(topology, pairs) is string bad) return new ReconRoute(null, bad);
        int n = topology.Lanes;
        var config = new ReconConfig(topology);
        // items[sw, port, slot] = index of the pair whose res item sits there, or -1.
        var items = NewSlots(n);
        for (int i = 0; i < pairs.Count; i++) items[pairs[i].Lower, 0, 1] = i;
        for (int s = 0; s < topology.StageCount; s++)
        {
            var next = NewSlots(n);
            for (int sw = 0; sw < n; sw++)
            {
                var setting = SwitchSetting.Idle;
                var sentTo = new List<(int Pair, Port Out)>();
                for (int p = 0; p < 2; p++)
                    for (int slot = 0; slot < 2; slot++)
                    {
                        int i = items[sw, p, slot];
                        if (i < 0) continue;
                        var (u, l) = pairs[i];
                        ResAction action;
                        if (sw == u) action = ResAction.Merge;
                        else if (s == topology.Log2Lanes) return new ReconRoute(null, $"pair ({u},{l}) reaches the output stage unmerged");
                        else action = ((u >> s) & 1) != 0 ? ResAction.ToRight : ResAction.ToLeft;
                        setting = setting.With((Port)p, slot, action);
                        if (action != ResAction.Merge) sentTo.Add((i, action == ResAction.ToLeft ? Port.Left : Port.Right));
                    }
                config[s, sw] = setting;
                foreach (var outPort in new[] { Port.Left, Port.Right })
                {
                    int slot = outPort == topology.AccOutPort(s, sw) ? 1 : 0;
                    foreach (var (i, o) in sentTo)
                    {
                        if (o != outPort) continue;
                        if (slot > 1) return new ReconRoute(null, $"pair {pairs[i]} finds no free slot leaving stage {s} switch {sw} port {outPort}");
                        var (ns, np) = topology.Next(s, sw, outPort);
                        next[ns, (int)np, slot++] = i;
                    }
                }
            }
            items = next;
        }
        return new ReconRoute(config, null);
    }

    private static int[,,] NewSlots(int n)
    {
        var a = new int[n, 2, 2];
        for (int i = 0; i < n; i++) for (int p = 0; p < 2; p++) for (int s = 0; s < 2; s++) a[i, p, s] = -1;
        return a;
    }

    /// <summary>Null if the pairs are a legal outlier/pruned assignment on this topology, else the reason.</summary>
    public static string? ValidatePairs(ReconTopology topology, IReadOnlyList<LanePair> pairs)
    {
        var used = new HashSet<int>();
        foreach (var (u, l) in pairs)
        {
            if ((uint)u >= (uint)topology.Lanes || (uint)l >= (uint)topology.Lanes) return $"pair ({u},{l}) outside lanes 0…{topology.Lanes - 1}";
            if (u == l) return $"pair ({u},{l}) has Upper == Lower";
            if (!used.Add(u)) return $"lane {u} used twice";
            if (!used.Add(l)) return $"lane {l} used twice";
        }
        return null;
    }
}
