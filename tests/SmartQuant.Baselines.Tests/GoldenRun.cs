using SmartQuant.Hdl;
using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw;
using SmartQuant.Models.ArrayBaseline;
using SmartQuant.Sim.Drivers;

namespace SmartQuant.Baselines.Tests;

/// <summary>
/// Runs a baseline array's golden model alone under <see cref="ArrayTileStimulus"/> with given tiles, random INT8
/// tokens and a check of every delivered result against an exact reference computed from the quantized tensor.
/// </summary>
internal sealed class GoldenRun : ITileTokens
{
    private readonly Func<ArrayTile, int[], long[]> _expected;
    private readonly IReadOnlyList<ArrayTile> _tiles;
    private readonly Dictionary<(int, int), int[]> _sent = [];
    private readonly Random _rng = new(17);
    private readonly PortSlot[] _outData;
    public int Checked { get; private set; }
    public long NonZeroLanes { get; private set; }

    public GoldenRun(PortSlot[] outData, IReadOnlyList<ArrayTile> tiles, Func<ArrayTile, int[], long[]> expected) => (_outData, _tiles, _expected) = (outData, tiles, expected);

    public void Fill(int tile, int token, Span<int> x)
    {
        for (int r = 0; r < x.Length; r++) x[r] = _rng.Next(-128, 128);
        _sent[(tile, token)] = x.ToArray();
    }

    public void Delivered(int tile, int token, PortValues outputs)
    {
        var want = _expected(_tiles[tile], _sent[(tile, token)]);
        for (int j = 0; j < want.Length; j++)
        {
            long got = outputs.GetSigned(_outData[j]);
            if (got != want[j]) throw new InvalidOperationException($"tile {tile} token {token} lane {j}: model {got}, exact reference {want[j]}");
            if (got != 0) NonZeroLanes++;
        }
        Checked++;
    }

    /// <summary>Streams the tiles (each <paramref name="tokensPerTile"/> tokens) for <paramref name="cycles"/> cycles; returns the model.</summary>
    public static (T Model, GoldenRun Run, PortMap Map) Stream<T>(string design, DesignConfig cfg, Func<DesignConfig, PortMap, T> golden, Func<PortMap, ArrayLoadPorts> ports,
        IReadOnlyList<ArrayTile> tiles, Func<ArrayTile, int[], long[]> expected, int tokensPerTile, int[] stalls, long cycles) where T : ICycleModel
    {
        var map = DesignCatalog.Find(design).BoundPortMap(cfg);
        var load = ports(map);
        var run = new GoldenRun(load.Stream.OutData, tiles, expected);
        var model = golden(cfg, map);
        var driver = new ArrayTileStimulus(load, 3, tiles, new ArrayScenario(tokensPerTile, stalls), run);
        var (inputs, outputs) = (map.NewInputs(), map.NewOutputs());
        model.Reset();
        for (long c = 0; c < cycles; c++)
        {
            driver.Drive(c, inputs, outputs);
            model.Evaluate(inputs, outputs);
            model.Tick(inputs);
        }
        return (model, run, map);
    }
}
