using SmartQuant.Quant.Recon;

namespace SmartQuant.Quant.Tests;

public class ReconTests
{
    private static IEnumerable<int[]> Subsets(int[] items, int k)
    {
        if (k == 0) { yield return []; yield break; }
        for (int i = 0; i <= items.Length - k; i++)
            foreach (var rest in Subsets(items[(i + 1)..], k - 1))
                yield return [items[i], .. rest];
    }

    [Fact]
    public void EveryLegalMicroBlockConfigurationRoutesWithPairingSearch()
    {
        var topo = new ReconTopology(8);
        int[] expectedCounts = [0, 56, 420, 560, 70];
        var lanes = Enumerable.Range(0, 8).ToArray();
        var mergeOrientations = new HashSet<SwitchMode>();
        for (int n = 1; n <= 4; n++)
        {
            int configs = 0;
            foreach (var outl in Subsets(lanes, n))
                foreach (var pruned in Subsets(lanes.Except(outl).ToArray(), n))
                {
                    configs++;
                    var pairs = ReconPairing.FindRoutable(topo, outl, pruned);
                    Assert.True(pairs is not null, $"outliers [{string.Join(",", outl)}] pruned [{string.Join(",", pruned)}] unroutable");
                    var route = ReconRouter.TryRoute(topo, pairs!);
                    Assert.True(route.Success);
                    CheckBySimulation(route.Config!, pairs!);
                    for (int s = 0; s < topo.StageCount; s++)
                        for (int sw = 0; sw < 8; sw++)
                            mergeOrientations.Add(route.Config![s, sw].Mode);
                }
            Assert.Equal(expectedCounts[n], configs);
        }
        Assert.Contains(SwitchMode.MergeLowerLeft, mergeOrientations);
        Assert.Contains(SwitchMode.MergeLowerRight, mergeOrientations);
    }

    private static void CheckBySimulation(ReconConfig config, IReadOnlyList<LanePair> pairs)
    {
        int n = config.Topology.Lanes;
        var acc = new long[n];
        var res = new long?[n];
        for (int i = 0; i < n; i++) acc[i] = 1000L * (i + 1);
        foreach (var (u, l) in pairs) res[l] = 1L << l;
        var outp = ReconSimulator.Run(config, acc, res);
        var expected = acc.ToArray();
        foreach (var (u, l) in pairs) expected[u] += 1L << l;
        Assert.Equal(expected, outp);
    }

    [Fact]
    public void EverySinglePairRoutesIncludingDistanceFive()
    {
        var topo = new ReconTopology(8);
        // Any single pair routes (res items never collide with acc items), including d = 0b101.
        for (int u = 0; u < 8; u++)
            for (int l = 0; l < 8; l++)
                if (u != l)
                {
                    var r = ReconRouter.TryRoute(topo, [new LanePair(u, l)]);
                    Assert.True(r.Success, r.Error);
                    Assert.Equal(topo.MergeStage(u, l) + 1, r.Config!.ActiveSwitches);
                }
    }

    [Fact]
    public void RejectsIllegalPairs()
    {
        var topo = new ReconTopology(8);
        Assert.False(ReconRouter.TryRoute(topo, [new LanePair(1, 1)]).Success);
        Assert.False(ReconRouter.TryRoute(topo, [new LanePair(1, 2), new LanePair(3, 2)]).Success);
        Assert.False(ReconRouter.TryRoute(topo, [new LanePair(1, 9)]).Success);
    }

    [Fact]
    public void WiringIsAButterfly()
    {
        var topo = new ReconTopology(16);
        for (int s = 0; s < topo.Log2Lanes; s++)
            for (int sw = 0; sw < 16; sw++)
                foreach (var p in new[] { Port.Left, Port.Right })
                {
                    var (ns, np) = topo.Next(s, sw, p);
                    Assert.Equal(sw & ~(1 << s), ns & ~(1 << s));
                    Assert.Equal((sw, p), topo.Previous(s + 1, ns, np));
                }
        // The acc path of every lane stays on its own switch and ends at its own output.
        for (int c = 0; c < 16; c++)
            for (int s = 0; s < topo.Log2Lanes; s++)
                Assert.Equal((c, topo.AccInPort(s + 1, c)), topo.Next(s, c, topo.AccOutPort(s, c)));
    }

    [Fact]
    public void RowConfigIsUnionOfMicroBlocks()
    {
        var topo = new ReconTopology(64);
        var pairs = new List<LanePair>();
        for (int b = 0; b < 8; b++) { pairs.Add(new(8 * b + 0, 8 * b + 5)); pairs.Add(new(8 * b + 6, 8 * b + 1)); }
        var r = ReconRouter.TryRoute(topo, pairs);
        Assert.True(r.Success, r.Error);
        for (int s = 4; s < topo.StageCount; s++)
            for (int sw = 0; sw < 64; sw++) Assert.Equal(SwitchSetting.Idle, r.Config![s, sw]);
        CheckBySimulation(r.Config!, pairs);
    }

    [Fact]
    public void SwitchEncodingRoundTrips()
    {
        for (int c = 0; c < 256; c++) Assert.Equal(c, SwitchSetting.FromEncoding(c).Encoding);
    }
}
