using SmartQuant.Hw.OliveArray;
using SmartQuant.Models.ArrayBaseline;
using SmartQuant.Models.OliveArray;
using SmartQuant.Quant.Olive;
using SmartQuant.Quant.Sources;
using SmartQuant.Sim;
using SmartQuant.Sim.Drivers;

namespace SmartQuant.Baselines.Tests;

/// <summary>The olive-array's pair decode against the quantizer's format, and its golden model against exact products.</summary>
public class OliveGoldenTests
{
    /// <summary>All 256 pairs: the decoder's (integer, shift) equals the format's decode; the 3 pairs no encoder writes give zeros.</summary>
    [Fact]
    public void PairDecoderMatchesTheFormatOnEveryPair()
    {
        var f = OliveFormat.Int4;
        int undecodable = 0, outliers = 0;
        for (int c0 = 0; c0 < 16; c0++)
            for (int c1 = 0; c1 < 16; c1++)
            {
                var (w0, w1) = OlivePairCode.Decode(c0, c1);
                Assert.InRange(w0.Int, -7, 7); Assert.InRange(w1.Int, -7, 7);
                Assert.InRange(w0.Shift, 0, 5); Assert.InRange(w1.Shift, 0, 5);
                var got = OlivePairCode.Values(c0, c1);
                (int, int) want;
                try { want = f.Decode(c0, c1); }
                catch (ArgumentOutOfRangeException) { undecodable++; Assert.Equal((0, 0), got); continue; }
                Assert.Equal(want, got);
                if (f.IsOutlierPair(c0, c1)) outliers++;
            }
        Assert.Equal(3, undecodable);
        Assert.Equal(2 * 14, outliers);   // the identifier beside each of the 14 nonzero abfloat codes, in either slot
    }

    [Theory]
    [InlineData(16, new[] { 0, 10, 40 })]
    [InlineData(1, new[] { 0, 30 })]
    public void GoldenModelIsExactOnAQuantizedLayer(int tokensPerTile, int[] stalls)
    {
        var cfg = new OliveArrayConfig(rows: 4, cols: 4);
        int n = 16, k = 128;
        var t = OliveQuantizer.Quantize(SyntheticLayer.Weights(n, k, 5), n, k, 4, 128);
        Assert.True(t.OutlierPairs > 0, "the quantized layer has no outlier pairs");
        var tiles = new List<ArrayTile>();
        for (int k0 = 0; k0 < k; k0 += cfg.Rows)
            for (int n0 = 0; n0 < n; n0 += cfg.Cols) tiles.Add(OliveTiling.Plan(cfg, t, k0, n0));
        var (model, run, _) = GoldenRun.Stream("olive-array", cfg, (c, m) => new OliveArrayModel((OliveArrayConfig)c, PortBindings.OliveArray(m)), OliveArraySimTests.Ports,
            tiles, (tile, x) => OliveTiling.Expected(cfg, t, tile, x), tokensPerTile, stalls, 6000);
        Assert.True(run.Checked > 200, $"only {run.Checked} results checked");
        Assert.True(run.NonZeroLanes > run.Checked, "results are mostly zero: the check would be vacuous");
        Assert.True(model.ActionCounts.OutlierPairs > 0, "no outlier pair went through a decoder");
    }

    /// <summary>Decoder uses and outlier pairs follow the loaded codes; the per-token counts follow the array shape.</summary>
    [Fact]
    public void CountersFollowTheLoadsAndTokens()
    {
        var cfg = new OliveArrayConfig(rows: 6, cols: 3);
        var tiles = OliveArraySimTests.RandomTiles(cfg, 4);
        var (model, run, _) = GoldenRun.Stream("olive-array", cfg, (c, m) => new OliveArrayModel((OliveArrayConfig)c, PortBindings.OliveArray(m)), OliveArraySimTests.Ports,
            tiles, (_, _) => new long[0], 4, [0], 1000);
        var a = model.ActionCounts;
        Assert.Equal(a.DecoderUses * 2, a.WeightRegWrites);
        Assert.Equal(0, a.DecoderUses % cfg.Cols);
        long beats = a.DecoderUses / cfg.Cols;
        // Beats load tiles in order, tile after tile: count the outlier pairs of the beats that were written.
        long expectedOutliers = 0;
        for (long b = 0; b < beats; b++)
        {
            var beat = tiles[(int)(b / cfg.Pairs % tiles.Count)].Beats[b % cfg.Pairs];
            for (int c = 0; c < cfg.Cols; c++)
            {
                int c0 = (int)((beat.Weights >> (8 * c)) & 15), c1 = (int)((beat.Weights >> (8 * c + 4)) & 15);
                if (c0 == OlivePairCode.Identifier || c1 == OlivePairCode.Identifier) expectedOutliers++;
            }
        }
        Assert.True(expectedOutliers > 0);
        Assert.Equal(expectedOutliers, a.OutlierPairs);
        Assert.Equal(a.Tokens * cfg.Rows * cfg.Cols, a.Macs4);
        Assert.Equal(a.Tokens * 15, a.SkewRegWrites);
        Assert.Equal(a.Tokens * 3, a.DeskewRegWrites);
        Assert.InRange(a.OutBufferReads - run.Checked, 0, 1);   // the stimulus sees the last cycle's delivery one cycle later
        Assert.Equal(2 + cfg.ArrayLatency, model.Latency);
    }
}
