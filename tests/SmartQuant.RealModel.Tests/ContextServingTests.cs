using SmartQuant.Quant.BitPlanes;
using SmartQuant.RealModel.Context;

namespace SmartQuant.RealModel.Tests;

/// <summary>The store layout, the served weights (against KBitView) and the store and ONNX Runtime paths (issue 15, steps 3–4).</summary>
[Collection(RealModelCollection.Name)]
public sealed class ContextServingTests(RealModelFixture f)
{
    [Fact]
    public void Every_served_weight_is_the_stored_word_at_its_width_per_KBitView()
    {
        var blocks = EncoderBlock.Of(f.Graph);
        var rng = new Random(11);
        foreach (var eb in blocks.Take(1))
        {
            var s = new StoredBlock(f.Graph, eb);
            Assert.Equal(3456, s.Blocks);
            for (int h = 0; h < 12; h++) Assert.Equal((96 * h, 96 * h + 95), StoredBlock.BlocksOf(s.HeadWords[h]));
            Assert.Equal((1152, 1153), StoredBlock.BlocksOf(s.NeuronWords[0]));
            Assert.Equal((1153, 1154), StoredBlock.BlocksOf(s.NeuronWords[1]));
            var headBits = Enumerable.Range(0, 12).Select(_ => rng.Next(2, 9)).ToArray();
            var neuronBits = Enumerable.Range(0, 1536).Select(_ => rng.Next(2, 9)).ToArray();
            var bits = s.BlockBits(headBits, neuronBits);
            Assert.Equal(headBits[5], bits[96 * 5 + 40]);
            Assert.Equal(Math.Max(neuronBits[0], neuronBits[1]), bits[1153]);   // the shared middle block of a pair
            Assert.Equal(neuronBits[1], bits[1154]);
            var original = eb.Layers.Select(f.Graph.Weight).ToArray();
            foreach (var rounding in new[] { ViewRounding.Truncate, ViewRounding.GuardPlane })
            {
                var tensors = eb.Layers.Select(l => new float[l.In * l.Out]).ToArray();
                s.Serve(bits, rounding, tensors);
                var views = new Dictionary<int, KBitView>();
                for (int b = 0; b < s.Blocks; b++)
                {
                    int k = bits[b];
                    var view = views.TryGetValue(k, out var v) ? v : views[k] = new KBitView(s.Store, k, AliasFormat.Packed, rounding);
                    var codes = view.BlockCodes(b);
                    for (int w = 0; w < 512; w++)
                    {
                        int wi = b * 512 + w, row = wi / 384, c = codes[w] >= 1 << (k - 1) ? codes[w] - (1 << k) : codes[w];
                        double q = c * (double)(1 << (8 - k)) + (rounding == ViewRounding.Truncate && k < 8 ? 1 << (7 - k) : 0);
                        var t = s.Rows[row];
                        Assert.Equal((float)q * s.Scales[row], tensors[t.Tensor][t.Offset + wi % 384 * t.Stride]);
                    }
                }
            }
            // At 8 bits every weight is its INT8 word times its row's scale, within half a step of the FP32 weight, at its place in the graph.
            var full = eb.Layers.Select(l => new float[l.In * l.Out]).ToArray();
            s.Serve(Enumerable.Repeat(8, s.Blocks).ToArray(), ViewRounding.Truncate, full);
            var graphLayout = eb.Layers.Select(f.Graph.GraphWeight).ToArray();
            for (int t = 0; t < 6; t++)
                for (int i = 0; i < full[t].Length; i += 97)
                    Assert.True(Math.Abs(full[t][i] - graphLayout[t][i]) <= 0.5001 * MaxScale(s, t), $"tensor {t} element {i}");
        }
    }

    private static float MaxScale(StoredBlock s, int tensor) => s.Rows.Select((r, i) => (r, i)).Where(x => x.r.Tensor == tensor).Max(x => s.Scales[x.i]);

    [Fact]
    public void Store_load_reads_k_lines_per_block_and_the_guard_plane_costs_a_burst()
    {
        int[] bits = [8, 8, 4, 4, 2, 2, 2, 8];
        var trunc = StoreServing.Load(bits, guardPlane: false);
        var guard = StoreServing.Load(bits, guardPlane: true);
        Assert.Equal(8 + 8 + 4 + 4 + 2 + 2 + 2 + 8, trunc.Lines);
        Assert.Equal(trunc.Lines, guard.Lines);
        Assert.Equal(trunc.Lines * 64, trunc.DramBytes);
        Assert.Equal((8 + 8 + 5 + 5 + 3 + 3 + 3 + 8) * 64, guard.DramBytes);
        Assert.True(guard.Energy.TotalPj > trunc.Energy.TotalPj);
        Assert.True(trunc.LinkBytes >= trunc.Lines * 64);
        Assert.Equal(3, StoreServing.PackedBlocks(1024, 9.0));   // 9216 bits = 2.25 blocks of 4096 bits
        Assert.Throws<ArgumentException>(() => StoreServing.Load([8, 1, 2, 3, 4], false));   // four low widths: the region table holds three
    }

    [Fact]
    public void Weights_as_session_inputs_reproduce_the_model()
    {
        var blocks = EncoderBlock.Of(f.Graph);
        using var served = new ServedModel(f.Graph, blocks, served: 2);
        var w = served.Fp32Weights();
        var passages = f.Evaluation.Take(6).ToList();
        var emb = served.Embed(passages, w);
        for (int i = 0; i < passages.Count; i++) Assert.True(EmbeddingMetrics.Cosine(f.Fp32Embeddings[i], emb[i]) > 0.999999);
        // INT8 everywhere in the two served blocks: close; 2-bit truncation: visibly not.
        var bits8 = new UnitBits([.. Enumerable.Repeat(Enumerable.Repeat(8, 12).ToArray(), 2)], [.. Enumerable.Repeat(Enumerable.Repeat(8, 1536).ToArray(), 2)]);
        served.Serve(served.BlockBits(bits8), ViewRounding.Truncate, w);
        var e8 = served.Embed(passages, w);
        var bits2 = new UnitBits([.. Enumerable.Repeat(Enumerable.Repeat(2, 12).ToArray(), 2)], [.. Enumerable.Repeat(Enumerable.Repeat(2, 1536).ToArray(), 2)]);
        served.Serve(served.BlockBits(bits2), ViewRounding.Truncate, w);
        var e2 = served.Embed(passages, w);
        Assert.All(Enumerable.Range(0, passages.Count), i => Assert.True(EmbeddingMetrics.Cosine(f.Fp32Embeddings[i], e8[i]) > 0.999));
        Assert.True(Enumerable.Range(0, passages.Count).Average(i => EmbeddingMetrics.Cosine(f.Fp32Embeddings[i], e2[i])) < 0.99);
    }
}
