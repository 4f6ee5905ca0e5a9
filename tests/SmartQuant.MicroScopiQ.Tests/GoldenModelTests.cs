using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.MicroScopiQ;
using SmartQuant.Hw;
using SmartQuant.Models.MicroScopiQ;
using SmartQuant.Quant.MicroScopiQ;
using SmartQuant.Quant.Recon;
using SmartQuant.Sim;

namespace SmartQuant.MicroScopiQ.Tests;

/// <summary>The golden model against the exact-integer result from the quantizer's dequantized weights.</summary>
public class GoldenModelTests
{
    private static (MicroScopiQDriver Driver, MicroScopiQModel Model) Make(MicroScopiQConfig cfg, int seed, double stall)
    {
        var ports = PortBindings.MicroScopiQ(DesignCatalog.Find("microscopiq").BoundPortMap(cfg));
        var model = new MicroScopiQModel(cfg, ports);
        model.Reset();
        return (new MicroScopiQDriver(cfg, ports, model, seed, stall), model);
    }

    internal static void RunLayer(MicroScopiQConfig cfg, QuantizedTensor q, int tokens, int seed, double stall)
    {
        var (drv, _) = Make(cfg, seed, stall);
        bool twoBitMode = q.Layout.Bits == 2;
        int lanes = MicroScopiQTiling.TileLanes(cfg, twoBitMode);
        var rng = new Random(seed);
        var xs = Enumerable.Range(0, tokens).Select(_ => Enumerable.Range(0, q.Cols).Select(_ => rng.Next(-127, 128)).ToArray()).ToList();
        int bank = 0, checkedOutputs = 0;
        long totalTokens = 0;
        for (int k0 = 0; k0 < q.Cols; k0 += cfg.Rows)
            for (int n0 = 0; n0 < q.Rows; n0 += lanes)
            {
                var tile = MicroScopiQTiling.Plan(cfg, q, k0, n0);
                drv.Load(tile, bank);
                var toks = xs.Select(x => Enumerable.Range(0, cfg.Rows).Select(r => k0 + r < q.Cols ? x[k0 + r] : 0).ToArray()).ToList();
                var outs = drv.Stream(toks, bank, twoBitMode);
                for (int t = 0; t < tokens; t++)
                {
                    var exp = MicroScopiQTiling.Expected(cfg, q, tile, toks[t]);
                    for (int j = 0; j < (twoBitMode ? cfg.Lanes : cfg.Lanes); j += twoBitMode ? 1 : 2)
                        Assert.True(exp[j] == outs[t][j], $"tile k0={k0} n0={n0} token {t} lane {j}: expected {exp[j]}, got {outs[t][j]}");
                    checkedOutputs++;
                }
                totalTokens += tokens;
                bank ^= 1;
            }
        Assert.True(checkedOutputs > 0);
        Assert.Equal((ulong)(totalTokens * cfg.Rows * (twoBitMode ? cfg.Lanes : cfg.Cols)), drv.Counter(MicroScopiQCounters.Macs));
        Assert.Equal((ulong)drv.Cycles, drv.Counter(MicroScopiQCounters.Cycles));
    }

    [Theory]
    [InlineData(2, 1, 0.0)]
    [InlineData(2, 4, 0.3)]
    [InlineData(4, 1, 0.0)]
    [InlineData(4, 4, 0.3)]
    public void RandomLayerAtPaperRate(int bb, int tokens, double stall)
    {
        var cfg = new MicroScopiQConfig(rows: 4, cols: 8);
        RunLayer(cfg, MicroScopiQLayers.Random(32, 8, bb, seed: 11 * bb + tokens, outlierRate: 0.1), tokens, seed: 3, stall);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void AdversarialFourNegativeOutliersEveryMicroBlockExtremeDeltaO(int bb)
    {
        var cfg = new MicroScopiQConfig(rows: 4, cols: 8);
        RunLayer(cfg, MicroScopiQLayers.Random(32, 8, bb, seed: 5, adversarial: true, maxDeltaO: 15), tokens: 3, seed: 4, stall: 0.2);
    }

    /// <summary>Every legal outlier/pruned configuration of one µB (1106 of them), paired by the quantizer's search.</summary>
    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void SingleMicroBlockExhaustive(int bb)
    {
        var cfg = new MicroScopiQConfig(rows: 1, cols: 8);
        var micro = new ReconTopology(8);
        var rng = new Random(bb);
        int configs = 0;
        var (drv, _) = Make(cfg, 1, 0);
        bool twoBitMode = bb == 2;
        for (int mask = 1; mask < 256; mask++)
        {
            var outliers = Enumerable.Range(0, 8).Where(i => ((mask >> i) & 1) != 0).ToArray();
            if (outliers.Length > 4) continue;
            var rest = Enumerable.Range(0, 8).Except(outliers).ToArray();
            foreach (var pruned in Combinations(rest, outliers.Length))
            {
                var pairs = ReconPairing.FindRoutable(micro, outliers, pruned);
                Assert.NotNull(pairs);
                var q = new QuantizedTensor(twoBitMode ? 16 : 8, 1, new MicroScopiQLayout(bb, MacroBlock: twoBitMode ? 16 : 8, MicroBlock: 8));
                for (int i = 0; i < q.Codes.Length; i++) q.Codes[i] = (byte)rng.Next(1 << bb);
                q.InlierExponent[0] = 0;
                MicroScopiQLayers.SetMicro(q, 0, 0, pairs!, rng, rng.Next(16), (1 << (bb / 2)) - 1, bb, rng.Next(2) == 1);
                var tile = MicroScopiQTiling.Plan(cfg, q, 0, 0);
                drv.Load(tile, configs & 1);
                int[] x = [rng.Next(-127, 128)];
                var got = drv.Stream([x], configs & 1, twoBitMode)[0];
                var exp = MicroScopiQTiling.Expected(cfg, q, tile, x);
                Assert.Equal(exp, got);
                configs++;
            }
        }
        Assert.Equal(56 + 420 + 560 + 70, configs);
    }

    private static IEnumerable<int[]> Combinations(int[] items, int k)
    {
        if (k == 0) { yield return []; yield break; }
        for (int i = 0; i <= items.Length - k; i++)
            foreach (var tail in Combinations(items[(i + 1)..], k - 1))
                yield return [items[i], .. tail];
    }

    [Fact]
    public void LatencyAndBackToBackThroughput()
    {
        var cfg = new MicroScopiQConfig(rows: 4, cols: 8);
        var (drv, model) = Make(cfg, 1, 0);
        var q = MicroScopiQLayers.Random(16, 4, 2, seed: 9);
        drv.Load(MicroScopiQTiling.Plan(cfg, q, 0, 0), 0);
        long before = drv.Cycles;
        var outs = drv.Stream([.. Enumerable.Range(0, 100).Select(i => new[] { i, -i, 1, 2 })], 0, true);
        Assert.Equal(100, outs.Count);
        Assert.Equal(model.Latency + 100, drv.Cycles - before);
    }
}
