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
/// a tile streams only once fully loaded, twoBitMode changes only while nothing is in flight. Random gaps on every
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
    private readonly TileStreamHost _host;
    private readonly PortSlot _wValid, _wRow, _wBank, _wWeights, _wShift, _wPresent, _wRecords;
    private readonly Func<long, bool> _twoBitMode;
    private readonly Func<int> _code;
    private readonly Func<long, int, bool, bool> _load;
    private PortValues _inputs = null!;

    /// <param name="tiles">tiles to stream (in turn, repeating) instead of the scenario's random layers.</param>
    /// <param name="tokens">with <paramref name="tiles"/>: the activations of each tile's tokens instead of random ones, and a
    /// check of every delivered result (<see cref="ITileTokens"/>).</param>
    public MicroScopiQStimulus(MicroScopiQConfig cfg, PortMap map, ulong seed, MicroScopiQScenario scenario, IReadOnlyList<WeightTile>? tiles = null,
        ITileTokens? tokens = null)
    {
        _cfg = cfg; _sc = scenario;
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
        _host = new TileStreamHost(TileStreamPorts.Of(p), _rng, _tiles.Count, scenario.TokensPerTile, scenario.Stalls, tokens);
        (_wValid, _wRow, _wBank) = (p.WValid, p.WRow, p.WBank);
        (_wWeights, _wShift, _wPresent, _wRecords) = (p.WWeights, p.WShift, p.WPresent, p.WRecords);
        _twoBitMode = t => Tile(t).TwoBitMode;
        _code = () => _sc.Adversarial && _rng.Chance(50) ? (_rng.Chance(50) ? 127 : -127) : _rng.Below(255) - 127;
        _load = Load;
        foreach (var t in _tiles) _rowWords.Add([.. t.Rows.Select(r => (Words(_wWeights, r.Weights), Words(_wRecords, r.Records)))]);
    }

    private WeightTile Tile(long i) => _tiles[(int)(i % _tiles.Count)];

    public void Drive(long cycle, PortValues inputs, PortValues outputs)
    {
        _inputs = inputs;
        _host.Drive(cycle, inputs, outputs, _twoBitMode, _code, _load);
    }

    /// <summary>Row <paramref name="row"/> of tile <paramref name="tile"/> on the load port (row and bank are junk unless written).</summary>
    private bool Load(long tile, int row, bool write)
    {
        var r = Tile(tile).Rows[row];
        var words = _rowWords[(int)(tile % _tiles.Count)][row];
        _inputs[_wValid] = write ? 1UL : 0;
        _inputs[_wRow] = write ? (ulong)row : _rng.Bits(_wRow.Width);
        _inputs[_wBank] = write ? (ulong)(tile & 1) : _rng.Bits(1);
        _inputs.SetWide(_wWeights, words.Weights);
        _inputs[_wShift] = (ulong)r.Shift;
        _inputs[_wPresent] = r.Present;
        _inputs.SetWide(_wRecords, words.Records);
        return row + 1 == _cfg.Rows;
    }

    private static ulong[] Words(PortSlot p, System.Numerics.BigInteger value)
    {
        var words = new ulong[p.Words];
        for (var i = 0; i < p.Words; i++) words[i] = (ulong)((value >> (64 * i)) & ulong.MaxValue);
        return words;
    }
}
