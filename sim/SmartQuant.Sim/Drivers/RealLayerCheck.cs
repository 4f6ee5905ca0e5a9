using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw;
using SmartQuant.Hw.MicroScopiQ;
using SmartQuant.Models.MicroScopiQ;

namespace SmartQuant.Sim.Drivers;

/// <summary>What the golden model computed for a real layer against the exact reference.</summary>
/// <param name="Elements">Compared output elements (tokens × channels of the checked lane blocks).</param>
/// <param name="Mismatches">Elements where the golden model's sum differs from the reference (must be 0).</param>
/// <param name="NonZero">Reference elements that are not 0 (a check of all zeros would prove little).</param>
public sealed record RealLayerCheckResult(string Label, int Tiles, int Tokens, int Channels, long Elements, long Mismatches,
    long NonZero, string? FirstMismatch, long Cycles);

/// <summary>
/// Runs a real layer through the MicroScopiQ golden model, tile by tile through its ports (the co-simulation's port
/// map and driver: load a tile into a bank, stream the tokens, collect the outputs), adds the tiles' partial sums the
/// way a host would (each shifted from its own units 2^XAcc to the layer's finest unit) and compares every output
/// element y[t, n] with an exact integer reference that knows nothing of the array: the plain dot product of the
/// quantizer's dequantized weights (<see cref="SmartQuant.Quant.MicroScopiQ.QuantizedTensor.DequantizeColumn"/>,
/// each an integer multiple of that unit) with the INT8 activation codes, in 128-bit integers.
/// </summary>
public static class RealLayerCheck
{
    /// <param name="laneBlocks">lane blocks to check (start channels; null = the whole layer).</param>
    /// <param name="model">the model under check (default: the golden model); tests pass a broken one to see the check fail.</param>
    public static RealLayerCheckResult Run(MicroScopiQConfig cfg, RealLayerData d, int tokens, IEnumerable<int>? laneBlocks = null,
        Action<int, int>? progress = null, Func<MicroScopiQConfig, PortMap, ICycleModel>? model = null)
    {
        if (tokens < 1 || tokens > d.Tokens) throw new ArgumentException($"tokens must lie in 1..{d.Tokens}, got {tokens}");
        var tiles = RealLayerTiles.Plan(cfg, d, laneBlocks);
        int lanes = MicroScopiQTiling.TileLanes(cfg, d.Bits == 2);
        var channels = tiles.Select(t => t.N0).Distinct().Order().SelectMany(n0 => Enumerable.Range(n0, lanes)).ToArray();
        int unit = tiles.Min(t => t.Tile.XAcc);

        // The golden model through its ports.
        var map = DesignCatalog.Find("microscopiq").BoundPortMap(cfg);
        var ports = PortBindings.MicroScopiQ(map);
        var dut = model?.Invoke(cfg, map) ?? new MicroScopiQModel(cfg, ports);
        dut.Reset();
        var driver = new MicroScopiQDriver(cfg, ports, dut);
        var y = new Dictionary<int, Int128[]>();   // channel → per-token sum in units 2^unit
        foreach (int n in channels) y[n] = new Int128[tokens];
        for (int i = 0; i < tiles.Count; i++)
        {
            var rt = tiles[i];
            int bank = i & 1;
            driver.Load(rt.Tile, bank);
            var outs = driver.Stream([.. Enumerable.Range(0, tokens).Select(t => rt.Token(cfg, t))], bank, rt.Tile.TwoBitMode);
            int shift = rt.Tile.XAcc - unit;
            for (int t = 0; t < tokens; t++)
                for (int j = 0; j < lanes; j++)
                    y[rt.N0 + j][t] += (Int128)outs[t][rt.Tile.TwoBitMode ? j : 2 * j] << shift;
            progress?.Invoke(i + 1, tiles.Count);
        }

        // The exact reference: Σ_k ŵ[n, k]·x[t, k] with ŵ from the quantizer's dequantization.
        var q = d.Weights;
        var col = new double[q.Rows];
        var w = new Int128[q.Cols, channels.Length];
        for (int k = 0; k < q.Cols; k++)
        {
            q.DequantizeColumn(k, col);
            for (int c = 0; c < channels.Length; c++)
            {
                double units = Math.ScaleB(col[channels[c]], -unit);
                if (units != Math.Floor(units) || Math.Abs(units) > 1e30) throw new InvalidOperationException($"{d.Label}: weight [{channels[c]}, {k}] is not an integer in units 2^{unit}");
                w[k, c] = (Int128)units;
            }
        }
        long mismatches = 0, nonZero = 0;
        string? first = null;
        for (int c = 0; c < channels.Length; c++)
            for (int t = 0; t < tokens; t++)
            {
                Int128 r = 0;
                for (int k = 0; k < q.Cols; k++) r += w[k, c] * d.X(t, k);
                if (r != 0) nonZero++;
                if (r == y[channels[c]][t]) continue;
                mismatches++;
                first ??= $"token {t}, channel {channels[c]}: golden model {y[channels[c]][t]}, exact reference {r} (units 2^{unit})";
            }
        return new RealLayerCheckResult(d.Label, tiles.Count, tokens, channels.Length, (long)tokens * channels.Length, mismatches, nonZero, first, driver.Cycles);
    }
}
