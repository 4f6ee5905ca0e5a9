using SmartQuant.Hdl.Simulation;
using SmartQuant.Models.ArrayBaseline;

namespace SmartQuant.Sim.Drivers;

/// <summary>The ports a baseline array's stimulus drives: the shared stream ports, the load beat's row/pair index and
/// weight bits, the pre-shift and the precision select (null where the design has none). Made by the design's
/// <c>Ports</c> binding (<see cref="MxIntArraySimTests.Ports"/>, <see cref="OliveArraySimTests.Ports"/>).</summary>
public sealed record ArrayLoadPorts(ArrayStreamPorts Stream, PortSlot Index, PortSlot Weights, PortSlot? Shift, PortSlot? TwoBitMode);

/// <summary>What a baseline-array co-simulation streams: tokens per tile (1 = GEMV, load-bound), stall rates, full-scale activations.</summary>
/// <param name="StallRates">percent chance of a gap on each handshake (w_valid, act_valid, out_ready); one drawn per 512 cycles.</param>
public sealed record ArrayScenario(int TokensPerTile, int[] StallRates, bool FullScale = false);

/// <summary>
/// Stimulus for the baseline arrays (mxint-array, olive-array): the shared host (<see cref="TileStreamHost"/>: double-
/// buffered loads while the previous tile streams, the host contract, random gaps and junk) driving the design's load
/// port beat by beat (row or row pair, weights, pre-shift if any; junk while w_valid is low). The tiles repeat
/// forever, or, with <c>once</c>, each is loaded and streamed exactly once (a layer's run, for its counters).
/// </summary>
public sealed class ArrayTileStimulus : IStimulusDriver
{
    private readonly IReadOnlyList<ArrayTile> _tiles;
    private readonly ArrayScenario _sc;
    private readonly SimRandom _rng;
    private readonly TileStreamHost _host;
    private readonly PortSlot? _wShift;
    private readonly PortSlot _wValid, _wIndex, _wBank, _wWeights;
    private readonly Func<long, bool> _twoBitMode;
    private readonly Func<int> _code;
    private readonly Func<long, int, bool, bool> _load;
    private PortValues _inputs = null!;

    public ArrayTileStimulus(ArrayLoadPorts ports, ulong seed, IReadOnlyList<ArrayTile> tiles, ArrayScenario scenario, ITileTokens? tokens = null, bool once = false)
    {
        if (tiles.Count == 0) throw new ArgumentException("no tiles to stream");
        _tiles = tiles; _sc = scenario;
        _rng = new SimRandom(seed);
        _host = new TileStreamHost(TileStreamPorts.Of(ports.Stream, ports.TwoBitMode), _rng, tiles.Count, scenario.TokensPerTile, scenario.StallRates, tokens, once);
        (_wValid, _wBank, _wIndex, _wWeights, _wShift) = (ports.Stream.WValid, ports.Stream.WBank, ports.Index, ports.Weights, ports.Shift);
        _twoBitMode = t => Tile(t).TwoBitMode;
        _code = () => _sc.FullScale && _rng.Chance(50) ? (_rng.Chance(50) ? 127 : -128) : _rng.Below(256) - 128;
        _load = Load;
    }

    private ArrayTile Tile(long i) => _tiles[(int)(i % _tiles.Count)];

    public void Drive(long cycle, PortValues inputs, PortValues outputs)
    {
        _inputs = inputs;
        _host.Drive(cycle, inputs, outputs, _twoBitMode, _code, _load);
    }

    /// <summary>Beat <paramref name="beat"/> of tile <paramref name="tile"/> on the load port (random junk unless written).</summary>
    private bool Load(long tile, int beat, bool write)
    {
        var beats = Tile(tile).Beats;
        var b = beats[beat];
        _inputs[_wValid] = write ? 1UL : 0;
        _inputs[_wIndex] = write ? (ulong)b.Index : _rng.Bits(_wIndex.Width);
        _inputs[_wBank] = write ? (ulong)(tile & 1) : _rng.Bits(1);
        TileStreamHost.SetBig(_inputs, _wWeights, write ? b.Weights : _rng.Bits(Math.Min(_wWeights.Width, 64)));
        if (_wShift is PortSlot s) _inputs[s] = write ? (ulong)b.Shift : _rng.Bits(s.Width);
        return beat + 1 == beats.Length;
    }
}
