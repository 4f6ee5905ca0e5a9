using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Sim.Drivers;

/// <summary>
/// The <c>real-layer</c> co-simulation: real layers of all-MiniLM-L6-v2 (an attention projection and an FFN-down,
/// each quantized at bb = 2 and 4, <see cref="RealLayerSet"/>) streamed with their real INT8 held-out activations.
/// Per layer and width one lane block (a slice of output channels) over all input features; the seed picks which
/// (seed 1 the block with the most outlier µBs, seed 2 the next, …), so nightly seeds cover different channels.
/// Every tile streams <see cref="TokensPerTile"/> tokens (256, the held-out tokens of the cache); the layers are
/// visited in turn with a mode switch between widths, random gaps on every handshake. Besides the lockstep
/// comparison with the golden model, every delivered result is checked against the exact tile reference from the
/// quantizer's dequantized weights, so the test fails if RTL and golden model agree on a wrong sum.
/// </summary>
public sealed class RealLayerStimulus : ITileTokens, IStimulusDriver
{
    public const int TokensPerTile = 256;
    private readonly MicroScopiQConfig _cfg;
    private readonly PortSlot[] _out;
    private readonly List<RealTile> _tiles;
    private readonly MicroScopiQStimulus _inner;

    public RealLayerStimulus(MicroScopiQConfig cfg, PortMap map, ulong seed)
    {
        _cfg = cfg;
        _out = PortBindings.MicroScopiQ(map).OutData;
        _tiles = Slice(cfg, RealLayerSet.Load(), seed);
        var scenario = new MicroScopiQScenario([2, 4], TokensPerTile, StallRates: [0, 5, 20]);
        _inner = new MicroScopiQStimulus(cfg, map, seed, scenario, [.. _tiles.Select(t => t.Tile)], this);
    }

    /// <summary>The tiles the test streams: per layer and width, the seed's lane block over all input features.</summary>
    public static List<RealTile> Slice(MicroScopiQConfig cfg, IReadOnlyList<RealLayerData> layers, ulong seed)
    {
        var tiles = new List<RealTile>();
        foreach (var d in layers)
        {
            if (d.Tokens < TokensPerTile) throw new InvalidOperationException($"{d.Label}: {d.Tokens} held-out tokens cached, the test streams {TokensPerTile}");
            var blocks = RealLayerTiles.LaneBlocksByOutliers(cfg, d);
            tiles.AddRange(RealLayerTiles.Plan(cfg, d, [blocks[(int)((seed == 0 ? 0 : seed - 1) % (ulong)blocks.Length)]]));
        }
        return tiles;
    }

    public void Drive(long cycle, PortValues inputs, PortValues outputs) => _inner.Drive(cycle, inputs, outputs);

    public void Fill(int tile, int token, Span<int> x) => _tiles[tile].Token(_cfg, token).CopyTo(x);

    public void Delivered(int tile, int token, PortValues outputs)
    {
        var t = _tiles[tile];
        var expected = t.Expected(_cfg, token);
        for (int j = 0; j < _cfg.Lanes; j++)
        {
            long got = outputs.GetSigned(_out[j]);
            if (got != expected[j])
                throw new InvalidOperationException($"real-layer: {t.Layer.Label}, channels {t.N0}+, token {token}: out_data_{j} = {got}, the exact reference is {expected[j]}");
        }
    }
}
