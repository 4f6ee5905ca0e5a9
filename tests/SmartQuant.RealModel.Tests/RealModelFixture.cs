using SmartQuant.RealModel;

namespace SmartQuant.RealModel.Tests;

/// <summary>
/// Loaded once for the whole test project (parsing the 90 MB model and opening an ONNX Runtime session take about a
/// second each): the package, the graph, the tokenizer, a small seeded passage split and the FP32 runner.
/// </summary>
public sealed class RealModelFixture : IDisposable
{
    public ModelPackage Package { get; }
    public EncoderGraph Graph { get; }
    public PassageTokenizer Tokenizer { get; }
    public PassageSplit Split { get; }
    public List<int[]> Evaluation { get; }
    public EncoderRunner Fp32 { get; }
    public float[][] Fp32Embeddings { get; }

    public RealModelFixture()
    {
        Package = ModelPackage.Load();
        Graph = EncoderGraph.FromPackage(Package);
        Tokenizer = new PassageTokenizer(Package.VocabBytes);
        Split = FortunePassages.Split(FortunePassages.ReadAll(), 16, 32, seed: 7);
        Evaluation = Tokenizer.EncodeAll(Split.Evaluation);
        Fp32 = new EncoderRunner(Graph.Build());
        Fp32Embeddings = Fp32.Embed(Evaluation);
    }

    public void Dispose() => Fp32.Dispose();
}

[CollectionDefinition(Name)]
public sealed class RealModelCollection : ICollectionFixture<RealModelFixture>
{
    public const string Name = "real model";
}
