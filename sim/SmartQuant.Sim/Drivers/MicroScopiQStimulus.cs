using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.MicroScopiQ;
using SmartQuant.Models.MicroScopiQ;
using SmartQuant.Quant.MicroScopiQ;

namespace SmartQuant.Sim.Drivers;

/// <summary>What a MicroScopiQ co-simulation streams: layers (one per bb, visited in turn), tokens per tile, stalls.</summary>
/// <param name="Bits">bb of each layer; consecutive tiles of different bb force an idle mode switch.</param>
/// <param name="TokensPerTile">1 = GEMV (load-bound), larger = GEMM.</param>
/// <param name="Adversarial">four negative outliers in every µB, ΔO = 15, full-scale activations.</param>
/// <param name="StallRates">percent chance of a gap on each handshake (w_valid, act_valid, out_ready); one drawn per 512 cycles.</param>
public sealed record MicroScopiQScenario(int[] Bits, int TokensPerTile, bool Adversarial = false, double OutlierRate = 0.2,
    int[]? StallRates = null)
{
    public int[] Stalls => StallRates ?? [0];
}

/// <summary>Activations for given tiles' tokens, and a check of each delivered result (e.g. against an exact reference).</summary>
public interface ITileTokens
{
    /// <summary>Token <paramref name="token"/> of tile <paramref name="tile"/> (index into the stimulus's tiles): one code per PE row.</summary>
    void Fill(int tile, int token, Span<int> x);
    /// <summary>Called with the outputs of the cycle that delivered that token's result; throws when the result is wrong.</summary>
    void Delivered(int tile, int token, PortValues outputs);
}

/// <summary>
/// Stimulus for design "microscopiq": loads the tiles of random packed layers row by row into alternating weight
/// banks through the load port while the previous tile streams, and streams tokens (held stable until accepted).
/// Host contract of docs/microscopiq-hw.md: a bank is rewritten only after every token that used it was delivered,
/// a tile streams only once fully loaded, mode2 changes only while nothing is in flight. Random gaps on every
/// handshake; unused inputs carry random junk so the RTL must ignore them.
/// </summary>
public sealed class MicroScopiQStimulus : IStimulusDriver
{
    private readonly MicroScopiQConfig _cfg;
    private readonly MicroScopiQScenario _sc;
    private readonly SimRandom _rng;
    private readonly List<WeightTile> _tiles = [];
    // Each tile row's weights and records as the load port's words, split once instead of every cycle.
    private readonly List<(ulong[] Weights, ulong[] Records)[]> _rowWords = [];
    private readonly PortSlot _mode2, _wValid, _wRow, _wBank, _wWeights, _wShift, _wPresent, _wRecords;
    private readonly PortSlot _actValid, _actReady, _actBank, _outValid, _outReady;
    private readonly PortSlot[] _act;
    private readonly int[] _token;
    private readonly ITileTokens? _tokens;
    private long _accepted, _delivered, _loadTile;
    private int _loadRow, _stall;
    private bool _offering, _prevOutReady;

    /// <param name="tiles">tiles to stream (in turn, repeating) instead of the scenario's random layers.</param>
    /// <param name="tokens">with <paramref name="tiles"/>: the activations of each tile's tokens instead of random ones, and a
    /// check of every delivered result (<see cref="ITileTokens"/>).</param>
    public MicroScopiQStimulus(MicroScopiQConfig cfg, PortMap map, ulong seed, MicroScopiQScenario scenario, IReadOnlyList<WeightTile>? tiles = null,
        ITileTokens? tokens = null)
    {
        _cfg = cfg; _sc = scenario; _tokens = tokens;
        _rng = new SimRandom(seed);
        if (tiles is not null) _tiles.AddRange(tiles);
        else for (var i = 0; i < scenario.Bits.Length; i++)
        {
            int bb = scenario.Bits[i];
            var q = MicroScopiQLayers.Random(2 * cfg.Lanes, 2 * cfg.Rows, bb, seed: (int)(seed % 100_000) * 7 + i,
                outlierRate: scenario.OutlierRate, adversarial: scenario.Adversarial, maxDeltaO: scenario.Adversarial ? 15 : 6);
            int lanes = MicroScopiQTiling.TileLanes(cfg, bb == 2);
            for (int k0 = 0; k0 < q.Cols; k0 += cfg.Rows)
                for (int n0 = 0; n0 < q.Rows; n0 += lanes)
                    _tiles.Add(MicroScopiQTiling.Plan(cfg, q, k0, n0));
        }
        var p = PortBindings.MicroScopiQ(map);
        (_mode2, _wValid, _wRow, _wBank) = (p.Mode2, p.WValid, p.WRow, p.WBank);
        (_wWeights, _wShift, _wPresent, _wRecords) = (p.WWeights, p.WShift, p.WPresent, p.WRecords);
        (_actValid, _actReady, _actBank, _outValid, _outReady) = (p.ActValid, p.ActReady, p.ActBank, p.OutValid, p.OutReady);
        _act = p.ActData;
        _token = new int[cfg.Rows];
        foreach (var t in _tiles) _rowWords.Add([.. t.Rows.Select(r => (Words(_wWeights, r.Weights), Words(_wRecords, r.Records)))]);
    }

    private WeightTile Tile(long i) => _tiles[(int)(i % _tiles.Count)];
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
        if (cycle % 512 == 0) _stall = _sc.Stalls[_rng.Below(_sc.Stalls.Length)];

        // Token stream: the next token's tile must be fully loaded (before this cycle's write) and in the current mode.
        long tile = _accepted / T;
        var t = Tile(tile);
        bool idle = _delivered == _accepted && !_offering;
        bool modeOk = (inputs[_mode2] != 0) == t.Mode2;
        if (!modeOk && idle) inputs[_mode2] = t.Mode2 ? 1UL : 0;
        if (!_offering && modeOk && _loadTile > tile && !_rng.Chance(_stall))
        {
            _offering = true;
            if (_tokens is not null) _tokens.Fill((int)(tile % _tiles.Count), (int)(_accepted % T), _token);
            else for (var r = 0; r < _cfg.Rows; r++)
                _token[r] = _sc.Adversarial && _rng.Chance(50) ? (_rng.Chance(50) ? 127 : -127) : _rng.Below(255) - 127;
        }
        inputs[_actValid] = _offering ? 1UL : 0;
        inputs[_actBank] = _offering ? (ulong)(tile & 1) : _rng.Bits(1);
        for (var r = 0; r < _cfg.Rows; r++) inputs.SetSigned(_act[r], _offering ? _token[r] : _rng.Below(256) - 128);

        // Load port: tile i goes to bank i & 1 once every token of tile i − 2 (same bank) was delivered.
        bool canLoad = _delivered >= (_loadTile - 1) * T && !_rng.Chance(_stall);
        var lt = Tile(_loadTile);
        var row = lt.Rows[_loadRow];
        var words = _rowWords[(int)(_loadTile % _tiles.Count)][_loadRow];
        inputs[_wValid] = canLoad ? 1UL : 0;
        inputs[_wRow] = canLoad ? (ulong)_loadRow : _rng.Bits(_wRow.Width);
        inputs[_wBank] = canLoad ? (ulong)(_loadTile & 1) : _rng.Bits(1);
        inputs.SetWide(_wWeights, words.Weights);
        inputs[_wShift] = (ulong)row.Shift;
        inputs[_wPresent] = row.Present;
        inputs.SetWide(_wRecords, words.Records);
        if (canLoad && ++_loadRow == _cfg.Rows) { _loadRow = 0; _loadTile++; }

        _prevOutReady = !_rng.Chance(_stall);
        inputs[_outReady] = _prevOutReady ? 1UL : 0;
    }

    private static ulong[] Words(PortSlot p, System.Numerics.BigInteger value)
    {
        var words = new ulong[p.Words];
        for (var i = 0; i < p.Words; i++) words[i] = (ulong)((value >> (64 * i)) & ulong.MaxValue);
        return words;
    }
}
