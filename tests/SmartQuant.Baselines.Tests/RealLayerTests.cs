using SmartQuant.Hw.MxIntArray;
using SmartQuant.Hw.OliveArray;
using SmartQuant.Models.ArrayBaseline;
using SmartQuant.Models.MxIntArray;
using SmartQuant.Models.OliveArray;
using SmartQuant.Quant.Mx;
using SmartQuant.Quant.Olive;
using SmartQuant.RealModel;
using SmartQuant.Sim;
using SmartQuant.Sim.Drivers;

namespace SmartQuant.Baselines.Tests;

/// <summary>
/// Real weights: a slice of all-MiniLM-L6-v2's FFN-down layer (the one with the strongest weight outliers), quantized
/// by each baseline's quantizer, through each golden model with random INT8 tokens: every result equals the exact
/// integer dot product. Golden models only (the RTL is tied to them by co-simulation); about a second to load the model.
/// </summary>
public class RealLayerTests
{
    private static (float[] W, int N, int K) Slice(int n, int k)
    {
        var graph = EncoderGraph.FromPackage(ModelPackage.Load());
        var layer = graph.Layer(RealLayerSlice.FfnDownLayer);
        var w = graph.Weight(layer);
        var s = new float[n * k];
        for (int r = 0; r < n; r++) Array.Copy(w, (long)r * layer.In, s, (long)r * k, k);
        return (s, n, k);
    }

    [Fact]
    public void MxIntGoldenModelIsExactOnARealLayerSlice()
    {
        var cfg = new MxIntArrayConfig(rows: 4, cols: 8);
        var (w, n, k) = Slice(128, 64);
        var q = MxIntQuantizer.Quantize(w, n, k, 4);
        var tiles = new List<ArrayTile>();
        for (int k0 = 0; k0 < k; k0 += cfg.Rows)
            for (int n0 = 0; n0 < n; n0 += cfg.Cols) tiles.Add(MxIntTiling.Plan(cfg, q, k0, n0));
        var (_, run, _) = GoldenRun.Stream("mxint-array", cfg, (c, m) => new MxIntArrayModel((MxIntArrayConfig)c, PortBindings.MxIntArray(m)), MxIntArraySimTests.Ports,
            tiles, (t, x) => MxIntTiling.Expected(cfg, q, t, x), 4, [0, 20], 8000);
        Assert.True(run.Checked > 1000, $"only {run.Checked} results checked");
    }

    [Fact]
    public void OliveGoldenModelIsExactOnARealLayerSlice()
    {
        var cfg = new OliveArrayConfig(rows: 4, cols: 8);
        var (w, n, k) = Slice(32, 256);
        var t = OliveQuantizer.Quantize(w, n, k, 4, 128);
        Assert.True(t.OutlierPairs > 0, "no outlier pairs in the real slice");
        var tiles = new List<ArrayTile>();
        for (int k0 = 0; k0 < k; k0 += cfg.Rows)
            for (int n0 = 0; n0 < n; n0 += cfg.Cols) tiles.Add(OliveTiling.Plan(cfg, t, k0, n0));
        var (model, run, _) = GoldenRun.Stream("olive-array", cfg, (c, m) => new OliveArrayModel((OliveArrayConfig)c, PortBindings.OliveArray(m)), OliveArraySimTests.Ports,
            tiles, (tile, x) => OliveTiling.Expected(cfg, t, tile, x), 4, [0, 20], 8000);
        Assert.True(run.Checked > 1000, $"only {run.Checked} results checked");
        Assert.True(model.ActionCounts.OutlierPairs > 0);
    }
}
