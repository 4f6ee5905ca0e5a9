using SmartQuant.Quant.Quality;
using SmartQuant.Quant.Sources;
using SmartQuant.RealModel;

namespace SmartQuant.RealModel.Tests;

[Collection(RealModelCollection.Name)]
public sealed class WriteBackTests(RealModelFixture f)
{
    [Fact]
    public void Writing_back_the_original_weights_changes_nothing()
    {
        var same = f.Graph.Layers.ToDictionary(l => l.Name, f.Graph.Weight);
        using var run = new EncoderRunner(f.Graph.Build(same));
        var e = run.Embed(f.Evaluation);
        for (int i = 0; i < e.Length; i++) Assert.Equal(f.Fp32Embeddings[i], e[i]);
    }

    [Fact]
    public void Int8_per_channel_round_trip_keeps_embedding_cosine_at_least_0_999()
    {
        var q = f.Graph.Layers.ToDictionary(l => l.Name, l => RtnPerChannel.Quantize(f.Graph.Weight(l), l.Out, l.In, 8));
        using var run = new EncoderRunner(f.Graph.Build(q));
        var a = EmbeddingMetrics.Compare(f.Fp32Embeddings, run.Embed(f.Evaluation));
        Assert.True(a.MeanCosine >= 0.999 && a.P5Cosine >= 0.999, $"INT8 cosine mean {a.MeanCosine}, p5 {a.P5Cosine}");
        Assert.True(a.MeanCosine < 1, "the weights were not written back (cosine exactly 1)");
    }

    [Fact]
    public void A_two_bit_write_back_is_visible_end_to_end()
    {
        // The check above is not vacuous: coarse weights do move the embeddings.
        var q = f.Graph.Layers.ToDictionary(l => l.Name, l => RtnPerChannel.Quantize(f.Graph.Weight(l), l.Out, l.In, 2));
        using var run = new EncoderRunner(f.Graph.Build(q));
        var a = EmbeddingMetrics.Compare(f.Fp32Embeddings, run.Embed(f.Evaluation));
        Assert.True(a.MeanCosine < 0.95, $"INT2 cosine mean {a.MeanCosine}");
    }

    [Fact]
    public void Exported_onnx_gives_the_in_process_embeddings_and_safetensors_hold_pytorch_weights()
    {
        var layers = f.Graph.Layers.Take(3).ToList();
        var q = layers.ToDictionary(l => l.Name, l => QuantMethod.Quantize("mxint", 4, f.Graph.Weight(l), l.Out, l.In).Dequantized);
        var onnx = f.Graph.Build(q);
        using var inProcess = new EncoderRunner(onnx);
        var expected = inProcess.Embed(f.Evaluation);
        string dir = Path.Combine(Path.GetTempPath(), $"sq-export-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            ModelExporter.Write(dir, onnx, layers, q);
            Assert.Equal(new[] { ModelExporter.OnnxFile, ModelExporter.SafetensorsFile }.Order(StringComparer.Ordinal),
                Directory.GetFiles(dir).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal));
            using var exported = new EncoderRunner(File.ReadAllBytes(Path.Combine(dir, ModelExporter.OnnxFile)));
            var got = exported.Embed(f.Evaluation);
            for (int i = 0; i < got.Length; i++) Assert.Equal(expected[i], got[i]);
            Assert.True(EmbeddingMetrics.Compare(f.Fp32Embeddings, got).MeanCosine < 1);
            var st = SafetensorsReader.Open(Path.Combine(dir, ModelExporter.SafetensorsFile));
            Assert.Equal(layers.Select(l => l.WeightName).Order(), st.Tensors.Keys.Order());
            foreach (var l in layers)
            {
                Assert.Equal([l.Out, l.In], st.Tensors[l.WeightName].Shape);
                Assert.Equal("F32", st.Tensors[l.WeightName].DType);
                Assert.Equal(q[l.Name], st.Read(l.WeightName));
            }
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }
}
