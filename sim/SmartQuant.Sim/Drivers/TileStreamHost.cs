using SmartQuant.Hdl.Simulation;
using SmartQuant.Models.ArrayBaseline;
using SmartQuant.Models.MicroScopiQ;

namespace SmartQuant.Sim.Drivers;

/// <summary>The stream ports <see cref="TileStreamHost"/> drives and watches, taken from a design's typed port record
/// (never looked up by name): the precision select (null where the design has none), the activation stream and the
/// output handshake.</summary>
public sealed record TileStreamPorts(PortSlot? TwoBitMode, PortSlot ActValid, PortSlot ActReady, PortSlot ActBank, PortSlot[] ActData,
    PortSlot OutValid, PortSlot OutReady)
{
    /// <summary>A baseline array's stream ports (<see cref="ArrayStreamPorts"/>) and its precision select, if any.</summary>
    public static TileStreamPorts Of(ArrayStreamPorts s, PortSlot? twoBitMode) =>
        new(twoBitMode, s.ActValid, s.ActReady, s.ActBank, s.ActData, s.OutValid, s.OutReady);

    /// <summary>The microscopiq top's stream ports.</summary>
    public static TileStreamPorts Of(MicroScopiQPorts p) =>
        new(p.TwoBitMode, p.ActValid, p.ActReady, p.ActBank, p.ActData, p.OutValid, p.OutReady);
}

/// <summary>
/// The host side every weight-stationary array stimulus shares (microscopiq, mxint-array, olive-array): tiles are
/// loaded beat by beat into alternating weight banks while the previous tile streams, and tokens are streamed, each
/// held until accepted. Host contract (docs/microscopiq-hw.md, docs/baseline-arrays.md): tile i is written into bank
/// i &amp; 1 only after every token of tile i − 2 (same bank) was delivered, a tile streams only once fully loaded,
/// twoBitMode (if the design has it) changes only while nothing is in flight. Random gaps on every handshake (one stall
/// rate drawn per 512 cycles); activation inputs that are not valid carry random junk the RTL must ignore. The design's
/// stimulus supplies the random token codes and drives its own load port. With <c>once</c> each tile is loaded and
/// streamed exactly once instead of repeating.
/// </summary>
public sealed class TileStreamHost
{
    private readonly SimRandom _rng;
    private readonly int _tiles, _tokensPerTile;
    private readonly int[] _stallRates;
    private readonly ITileTokens? _tokens;
    private readonly bool _once;
    private readonly PortSlot? _twoBitMode;
    private readonly PortSlot _actValid, _actReady, _actBank, _outValid, _outReady;
    private readonly PortSlot[] _act;
    private readonly int[] _token;
    private long _accepted, _delivered, _loadTile;
    private int _loadBeat, _stall;
    private bool _offering, _prevOutReady;

    public TileStreamHost(TileStreamPorts ports, SimRandom rng, int tiles, int tokensPerTile, int[] stallRates, ITileTokens? tokens = null, bool once = false)
    {
        if (tiles == 0) throw new ArgumentException("no tiles to stream");
        (_rng, _tiles, _tokensPerTile, _stallRates, _tokens, _once) = (rng, tiles, tokensPerTile, stallRates, tokens, once);
        (_twoBitMode, _actValid, _actReady, _actBank, _outValid, _outReady) = (ports.TwoBitMode, ports.ActValid, ports.ActReady, ports.ActBank, ports.OutValid, ports.OutReady);
        _act = ports.ActData;
        _token = new int[_act.Length];
    }

    private int T => _tokensPerTile;

    /// <summary>
    /// One cycle: the previous cycle's handshakes, the token stream, the load port (<paramref name="load"/>(tile, beat,
    /// write): the design drives its load port for that beat of that tile, writing only if <c>write</c>, and returns
    /// whether it was the tile's last beat), then out_ready.
    /// </summary>
    /// <param name="twoBitMode">whether tile i (an index into the repeating tiles) is bb = 2.</param>
    /// <param name="randomCode">a random activation code (used when no <see cref="ITileTokens"/> gives the tokens).</param>
    public void Drive(long cycle, PortValues inputs, PortValues outputs, Func<long, bool> twoBitMode, Func<int> randomCode, Func<long, int, bool, bool> load)
    {
        // Handshakes of the previous cycle (outputs are the previous cycle's, inputs still hold its values).
        if (_offering && outputs[_actReady] != 0) { _accepted++; _offering = false; }
        if (outputs[_outValid] != 0 && _prevOutReady)
        {
            _tokens?.Delivered((int)(_delivered / T % _tiles), (int)(_delivered % T), outputs);
            _delivered++;
        }
        if (cycle % 512 == 0) _stall = _stallRates[_rng.Below(_stallRates.Length)];

        // Token stream: the next token's tile must be fully loaded (before this cycle's write) and in the current mode.
        long tile = _accepted / T;
        bool tileMode2 = twoBitMode(tile);
        bool idle = _delivered == _accepted && !_offering;
        bool modeOk = _twoBitMode is not PortSlot m || (inputs[m] != 0) == tileMode2;
        if (!modeOk && idle) inputs[_twoBitMode!] = tileMode2 ? 1UL : 0;
        bool more = !_once || tile < _tiles;
        if (!_offering && more && modeOk && _loadTile > tile && !_rng.Chance(_stall))
        {
            _offering = true;
            if (_tokens is not null) _tokens.Fill((int)(tile % _tiles), (int)(_accepted % T), _token);
            else for (var r = 0; r < _token.Length; r++) _token[r] = randomCode();
        }
        inputs[_actValid] = _offering ? 1UL : 0;
        inputs[_actBank] = _offering ? (ulong)(tile & 1) : _rng.Bits(1);
        for (var r = 0; r < _act.Length; r++) inputs.SetSigned(_act[r], _offering ? _token[r] : _rng.Below(256) - 128);

        // Load port: tile i goes to bank i & 1 once every token of tile i − 2 (same bank) was delivered.
        bool canLoad = (!_once || _loadTile < _tiles) && _delivered >= (_loadTile - 1) * T && !_rng.Chance(_stall);
        if (load(_loadTile, _loadBeat, canLoad) && canLoad) { _loadBeat = 0; _loadTile++; }
        else if (canLoad) _loadBeat++;

        _prevOutReady = !_rng.Chance(_stall);
        inputs[_outReady] = _prevOutReady ? 1UL : 0;
    }

    /// <summary>Sets a port wider than 64 bits.</summary>
    public static void SetBig(PortValues v, PortSlot p, System.Numerics.BigInteger value)
    {
        Span<ulong> words = stackalloc ulong[p.Words];
        for (var i = 0; i < p.Words; i++) words[i] = (ulong)((value >> (64 * i)) & ulong.MaxValue);
        v.SetWide(p, words);
    }
}
