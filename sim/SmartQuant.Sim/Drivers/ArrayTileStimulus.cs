using SmartQuant.Hdl.Simulation;
using SmartQuant.Models.ArrayBaseline;

namespace SmartQuant.Sim.Drivers;

/// <summary>The ports a baseline array's stimulus drives: the shared stream ports, the load beat's row/pair index and
/// weight bits, the pre-shift and the precision select (null where the design has none). Made by the design's
/// <c>Ports</c> binding (<see cref="MxIntArraySimTests.Ports"/>, <see cref="OliveArraySimTests.Ports"/>).</summary>
public sealed record ArrayLoadPorts(ArrayStreamPorts Stream, PortSlot Index, PortSlot Weights, PortSlot? Shift, PortSlot? Mode2);

/// <summary>What a baseline-array co-simulation streams: tokens per tile (1 = GEMV, load-bound), stall rates, full-scale activations.</summary>
/// <param name="StallRates">percent chance of a gap on each handshake (w_valid, act_valid, out_ready); one drawn per 512 cycles.</param>
public sealed record ArrayScenario(int TokensPerTile, int[] StallRates, bool FullScale = false);

/// <summary>
/// Stimulus for the baseline arrays (mxint-array, olive-array): loads the tiles beat by beat into alternating weight
/// banks through the load port while the previous tile streams, and streams tokens (held stable until accepted).
/// Host contract of docs/baseline-arrays.md: a bank is rewritten only after every token that used it was delivered, a
/// tile streams only once fully loaded, mode2 (if the design has it) changes only while nothing is in flight. Random
/// gaps on every handshake; inputs that are not valid carry random junk the RTL must ignore.
/// </summary>
public sealed class ArrayTileStimulus : IStimulusDriver
{
    private readonly IReadOnlyList<ArrayTile> _tiles;
    private readonly ArrayScenario _sc;
    private readonly SimRandom _rng;
    private readonly PortSlot? _mode2, _wShift;
    private readonly PortSlot _wValid, _wIndex, _wBank, _wWeights;
    private readonly PortSlot _actValid, _actReady, _actBank, _outValid, _outReady;
    private readonly PortSlot[] _act;
    private readonly int[] _token;
    private readonly ITileTokens? _tokens;
    private long _accepted, _delivered, _loadTile;
    private int _loadBeat, _stall;
    private bool _offering, _prevOutReady;

    public ArrayTileStimulus(ArrayLoadPorts ports, ulong seed, IReadOnlyList<ArrayTile> tiles, ArrayScenario scenario, ITileTokens? tokens = null)
    {
        if (tiles.Count == 0) throw new ArgumentException("no tiles to stream");
        _tiles = tiles; _sc = scenario; _tokens = tokens;
        _rng = new SimRandom(seed);
        var s = ports.Stream;
        (_mode2, _wShift, _wIndex, _wWeights) = (ports.Mode2, ports.Shift, ports.Index, ports.Weights);
        (_wValid, _wBank, _actValid, _actReady, _actBank, _outValid, _outReady) = (s.WValid, s.WBank, s.ActValid, s.ActReady, s.ActBank, s.OutValid, s.OutReady);
        _act = s.ActData;
        _token = new int[_act.Length];
    }

    private ArrayTile Tile(long i) => _tiles[(int)(i % _tiles.Count)];
    private int T => _sc.TokensPerTile;

    public void Drive(long cycle, PortValues inputs, PortValues outputs)
    {
        // Handshakes of the previous cycle (outputs are the previous cycle's, inputs still hold its values).
        if (_offering && outputs[_actReady] != 0) { _accepted++; _offering = false; }
        if (outputs[_outValid] != 0 && _prevOutReady)
        {
            _tokens?.Delivered((int)(_delivered / T % _tiles.Count), (int)(_delivered % T), outputs);
            _delivered++;
        }
        if (cycle % 512 == 0) _stall = _sc.StallRates[_rng.Below(_sc.StallRates.Length)];

        // Token stream: the next token's tile must be fully loaded (before this cycle's write) and in the current mode.
        long tile = _accepted / T;
        var t = Tile(tile);
        bool idle = _delivered == _accepted && !_offering;
        bool modeOk = _mode2 is not PortSlot m || (inputs[m] != 0) == t.Mode2;
        if (!modeOk && idle) inputs[_mode2!] = t.Mode2 ? 1UL : 0;
        if (!_offering && modeOk && _loadTile > tile && !_rng.Chance(_stall))
        {
            _offering = true;
            if (_tokens is not null) _tokens.Fill((int)(tile % _tiles.Count), (int)(_accepted % T), _token);
            else for (var r = 0; r < _token.Length; r++)
                _token[r] = _sc.FullScale && _rng.Chance(50) ? (_rng.Chance(50) ? 127 : -128) : _rng.Below(256) - 128;
        }
        inputs[_actValid] = _offering ? 1UL : 0;
        inputs[_actBank] = _offering ? (ulong)(tile & 1) : _rng.Bits(1);
        for (var r = 0; r < _act.Length; r++) inputs.SetSigned(_act[r], _offering ? _token[r] : _rng.Below(256) - 128);

        // Load port: tile i goes to bank i & 1 once every token of tile i − 2 (same bank) was delivered.
        bool canLoad = _delivered >= (_loadTile - 1) * T && !_rng.Chance(_stall);
        var beats = Tile(_loadTile).Beats;
        var beat = beats[_loadBeat];
        inputs[_wValid] = canLoad ? 1UL : 0;
        inputs[_wIndex] = canLoad ? (ulong)beat.Index : _rng.Bits(_wIndex.Width);
        inputs[_wBank] = canLoad ? (ulong)(_loadTile & 1) : _rng.Bits(1);
        SetBig(inputs, _wWeights, canLoad ? beat.Weights : _rng.Bits(Math.Min(_wWeights.Width, 64)));
        if (_wShift is PortSlot s) inputs[s] = canLoad ? (ulong)beat.Shift : _rng.Bits(s.Width);
        if (canLoad && ++_loadBeat == beats.Length) { _loadBeat = 0; _loadTile++; }

        _prevOutReady = !_rng.Chance(_stall);
        inputs[_outReady] = _prevOutReady ? 1UL : 0;
    }

    private static void SetBig(PortValues v, PortSlot p, System.Numerics.BigInteger value)
    {
        Span<ulong> words = stackalloc ulong[p.Words];
        for (var i = 0; i < p.Words; i++) words[i] = (ulong)((value >> (64 * i)) & ulong.MaxValue);
        v.SetWide(p, words);
    }
}
