using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw;
using SmartQuant.Hw.MacArray;
using SmartQuant.Hw.MicroScopiQ;
using SmartQuant.Models.Energy;
using SmartQuant.Models.MacArray;
using SmartQuant.Models.MicroScopiQ;
using SmartQuant.Quant.MicroScopiQ;
using SmartQuant.Sim.Drivers;

namespace SmartQuant.MicroScopiQ.Tests;

/// <summary>
/// Schedule events of a small GEMM measured on a design's golden model (its counters, or its ports where the design
/// has no counter file), to be compared with the design's analytical schedule: one entry per design with an analytical
/// schedule. The mxint-array and olive-array have none: their counts are their golden models' counters
/// (<see cref="StreamArrayDesign"/>, SmartQuant.Sim.Energy.GoldenArrayCounters).
/// </summary>
internal static class GoldenScheduleEvents
{
    public static readonly Dictionary<string, Func<AcceleratorDesign, LayerShape, int, int, ScheduleEvents>> ByDesign = new()
    {
        ["int8"] = (d, layer, tokens, seed) => MacArray((MacArrayDesign)d, layer, tokens, seed),
        ["microscopiq"] = (d, layer, tokens, seed) => MicroScopiQ((MicroScopiQDesign)d, layer, tokens, seed),
    };

    /// <summary>
    /// The mac-array golden model with its counter file driven through every tile (Rows load cycles, then the tokens
    /// skewed by row and the drain; <see cref="SmartQuant.Sim.Energy.GoldenMacArrayCounters"/>), every output checked
    /// against the exact product; the events are its counters (cycles, load cycles, stream steps, MACs).
    /// </summary>
    private static ScheduleEvents MacArray(MacArrayDesign d, LayerShape layer, int tokens, int seed)
    {
        // MACs count non-zero activations, so padded rows (zeros) are not counted: K must fill every tile.
        if (layer.In % d.Rows != 0) throw new ArgumentException($"K = {layer.In} must be a multiple of Rows = {d.Rows}");
        return SmartQuant.Sim.Energy.GoldenMacArrayCounters.Run(d, layer, tokens, seed, checkResults: true);
    }

    /// <summary>
    /// MicroScopiQ: the golden model loads each tile and streams the tokens (MicroScopiQDriver, one tile at a time) and its
    /// counters give MACs and ReCoN traversals; cycles come from a second golden run under the co-simulation stimulus's
    /// double-buffered host policy (the policy the schedule formula describes).
    /// </summary>
    private static ScheduleEvents MicroScopiQ(MicroScopiQDesign d, LayerShape layer, int tokens, int seed)
    {
        var cfg = d.Config;
        var q = MicroScopiQLayers.Random(layer.Out, layer.In, d.Bits, seed, outlierRate: 0.3);
        var map = DesignCatalog.Find("microscopiq").BoundPortMap(cfg);
        var model = new MicroScopiQModel(cfg, SmartQuant.Sim.PortBindings.MicroScopiQ(map));
        model.Reset();
        var drv = new MicroScopiQDriver(cfg, model.Ports, model, seed);
        var rng = new Random(seed);
        bool twoBitMode = d.Bits == 2;
        var tiles = new List<WeightTile>();
        for (int k0 = 0; k0 < q.Cols; k0 += cfg.Rows)
            for (int n0 = 0; n0 < q.Rows; n0 += d.Lanes) tiles.Add(MicroScopiQTiling.Plan(cfg, q, k0, n0));
        long psumReads = 0;
        foreach (var tile in tiles)
        {
            drv.Load(tile, 0);
            var toks = Enumerable.Range(0, tokens).Select(_ => Enumerable.Range(0, cfg.Rows).Select(_ => rng.Next(-127, 128)).ToArray()).ToList();
            drv.Stream(toks, 0, twoBitMode);
            if (tile.K0 > 0) psumReads += tokens;
        }
        long macs = (long)drv.Counter(MicroScopiQCounters.Macs), recon = (long)drv.Counter(MicroScopiQCounters.Recon);
        long cycles = DoubleBufferedCycles(cfg, map, tiles, tokens);
        if (MicroScopiQDesign.OutlierTileRows(cfg, q) != layer.OutlierTileRows)
            throw new ArgumentException("the layer's OutlierTileRows must be those of MicroScopiQLayers.Random(Out, In, bb, seed, 0.3)");
        return new ScheduleEvents(cycles, (long)tiles.Count * cfg.Rows, (long)tiles.Count * tokens, psumReads, (long)tiles.Count * tokens, macs, recon);
    }

    /// <summary>Cycles until the golden model, driven by the co-simulation stimulus, delivered every token of every tile (inclusive).</summary>
    private static long DoubleBufferedCycles(MicroScopiQConfig cfg, PortMap map, List<WeightTile> tiles, int tokens)
    {
        var model = new MicroScopiQModel(cfg, SmartQuant.Sim.PortBindings.MicroScopiQ(map));
        var driver = new MicroScopiQStimulus(cfg, map, 1, new MicroScopiQScenario([tiles[0].TwoBitMode ? 2 : 4], tokens), tiles);
        var (inputs, outputs) = (map.NewInputs(), map.NewOutputs());
        model.Reset();
        long delivered = 0, want = (long)tiles.Count * tokens;
        for (long c = 0; c < 1_000_000; c++)
        {
            driver.Drive(c, inputs, outputs);
            model.Evaluate(inputs, outputs);
            if (outputs[model.Ports.OutValid] != 0 && inputs[model.Ports.OutReady] != 0) delivered++;
            model.Tick(inputs);
            if (delivered == want) return c + 1;
        }
        throw new TimeoutException("golden run did not deliver every token");
    }

    /// <summary>The analytical layer of <see cref="MicroScopiQ"/>'s random weights (for the comparison).</summary>
    public static LayerShape MicroScopiQLayer(MicroScopiQDesign d, int n, int k, int seed) =>
        new("random", n, k, MicroScopiQDesign.OutlierTileRows(d.Config, MicroScopiQLayers.Random(n, k, d.Bits, seed, outlierRate: 0.3)));
}
