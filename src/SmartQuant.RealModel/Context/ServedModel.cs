using SmartQuant.Quant.BitPlanes;

namespace SmartQuant.RealModel.Context;

/// <summary>
/// The whole encoder as served from the store: one <see cref="StoredBlock"/> per encoder block, a single ONNX Runtime
/// session whose linear weights are inputs (<see cref="EncoderGraph.BuildWithWeightInputs"/>), and per-run weight
/// tensors filled from the store at the widths a policy chose. Blocks beyond <see cref="Blocks"/> keep FP32 weights
/// (used by the small tests, which serve two blocks).
/// </summary>
public sealed class ServedModel : IDisposable
{
    public IReadOnlyList<StoredBlock> Blocks { get; }
    private readonly IReadOnlyList<EncoderBlock> _all;
    private readonly EncoderGraph _graph;
    private readonly EncoderRunner _runner;

    public ServedModel(EncoderGraph graph, IReadOnlyList<EncoderBlock> blocks, int served, int threads = 2)
    {
        _graph = graph;
        _all = blocks;
        Blocks = [.. blocks.Take(served).Select(b => new StoredBlock(graph, b))];
        _runner = new EncoderRunner(graph.BuildWithWeightInputs(blocks.SelectMany(b => b.Layers)), threads);
    }

    public void Dispose() => _runner.Dispose();

    /// <summary>Every encoder linear weight in the graph's [In, Out] layout: FP32 for all blocks (a fresh copy to fill).</summary>
    public Dictionary<string, float[]> Fp32Weights() =>
        _all.SelectMany(b => b.Layers).ToDictionary(l => l.Initializer, l => _graph.GraphWeight(l));

    /// <summary>The six graph tensors of a block, in <see cref="RowTarget.Tensor"/> order.</summary>
    public static float[][] TensorsOf(Dictionary<string, float[]> weights, EncoderBlock b) => [.. b.Layers.Select(l => weights[l.Initializer])];

    /// <summary>Store-block widths of every served block for one passage's unit widths, [block][store block].</summary>
    public int[][] BlockBits(UnitBits bits) => [.. Blocks.Select((s, i) => s.BlockBits(bits.Heads[i], bits.Neurons[i]))];

    /// <summary>Fills <paramref name="weights"/> with the served blocks' weights at <paramref name="blockBits"/>.</summary>
    public void Serve(int[][] blockBits, ViewRounding rounding, Dictionary<string, float[]> weights)
    {
        for (int i = 0; i < Blocks.Count; i++) Blocks[i].Serve(blockBits[i], rounding, TensorsOf(weights, Blocks[i].Block));
    }

    public float[][] Embed(IReadOnlyList<int[]> passages, Dictionary<string, float[]> weights) => _runner.Run(passages, weights: weights).Embeddings;
}
