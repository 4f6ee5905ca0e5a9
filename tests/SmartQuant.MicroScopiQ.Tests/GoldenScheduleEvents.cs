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
    /// Drives the mac-array golden model through every tile (Rows load cycles, then the tokens skewed by row and the
    /// drain), checks every output against the exact product, and counts from its ports: cycles, load cycles, stream
    /// cycles and MACs (a non-zero activation entering row r is multiplied in all Cols PEs of the row).
    /// </summary>
    private static ScheduleEvents MacArray(MacArrayDesign d, LayerShape layer, int tokens, int seed)
    {
        var cfg = new MacArrayConfig { Rows = d.Rows, Cols = d.Cols };
        var top = new SmartQuant.Hw.MacArray.MacArrayTop(cfg);
        var map = new PortMap(SmartQuant.Hdl.Elaborator.Elaborate(top, "mac-array", cfg.Hash()).Top).BoundTo(top);
        var model = new MacArrayGolden(cfg, SmartQuant.Sim.PortBindings.MacArray(map));
        model.Reset();
        var (inp, outp) = (map.NewInputs(), map.NewOutputs());
        var rng = new Random(seed);
        int n = layer.Out, k = layer.In, r = d.Rows, c = d.Cols;
        // MACs are counted from non-zero activations, so padded rows (zeros) would be missed: K must fill every tile.
        if (k % r != 0) throw new ArgumentException($"K = {k} must be a multiple of Rows = {r}");
        var w = new int[n, k];
        for (int i = 0; i < n; i++) for (int j = 0; j < k; j++) w[i, j] = rng.Next(-127, 128);
        var x = new int[tokens, k];
        for (int t = 0; t < tokens; t++) for (int j = 0; j < k; j++) x[t, j] = rng.Next(1, 128) * (rng.Next(2) == 0 ? 1 : -1);
        var y = new long[tokens, n];
        long cycles = 0, loads = 0, stream = 0, macs = 0, tokenTiles = 0, psumReads = 0;
        void Step()
        {
            for (int row = 0; row < r; row++) if (inp.GetSigned(map[$"act_in_{row}"]) != 0 && inp[map["load_weight"]] == 0) macs += c;
            if (inp[map["load_weight"]] != 0) loads++; else stream++;
            model.Tick(inp);
            cycles++;
        }
        inp["enable"] = 1;
        for (int k0 = 0; k0 < k; k0 += r)
            for (int n0 = 0; n0 < n; n0 += c)
            {
                // Loads shift down the columns: the last value loaded stays in row 0.
                inp["load_weight"] = 1;
                for (int row = 0; row < r; row++) inp.SetSigned(map[$"act_in_{row}"], 0);
                for (int row = r - 1; row >= 0; row--)
                {
                    for (int col = 0; col < c; col++)
                        inp.SetSigned(map[$"weight_in_{col}"], k0 + row < k && n0 + col < n ? w[n0 + col, k0 + row] : 0);
                    Step();
                }
                inp["load_weight"] = 0;
                int steps = tokens + r + c - 2;
                for (int s = 0; s < steps; s++)
                {
                    for (int row = 0; row < r; row++)
                    {
                        int t = s - row;
                        inp.SetSigned(map[$"act_in_{row}"], t >= 0 && t < tokens && k0 + row < k ? x[t, k0 + row] : 0);
                    }
                    Step();
                    model.Evaluate(inp, outp);
                    // Token t leaves column col after stream step t + Rows − 1 + col.
                    for (int col = 0; col < c && n0 + col < n; col++)
                    {
                        int t = s - (r - 1) - col;
                        if (t >= 0 && t < tokens) y[t, n0 + col] += outp.GetSigned(map[$"psum_out_{col}"]);
                    }
                }
                tokenTiles += tokens;
                if (k0 > 0) psumReads += tokens;
            }
        for (int t = 0; t < tokens; t++)
            for (int i = 0; i < n; i++)
            {
                long exact = 0;
                for (int j = 0; j < k; j++) exact += (long)w[i, j] * x[t, j];
                if (y[t, i] != exact) throw new InvalidOperationException($"mac-array golden: token {t} output {i} = {y[t, i]}, expected {exact}");
            }
        return new ScheduleEvents(cycles, loads, tokenTiles, psumReads, stream, macs, 0);
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
            if (outputs["out_valid"] != 0 && inputs["out_ready"] != 0) delivered++;
            model.Tick(inputs);
            if (delivered == want) return c + 1;
        }
        throw new TimeoutException("golden run did not deliver every token");
    }

    /// <summary>The analytical layer of <see cref="MicroScopiQ"/>'s random weights (for the comparison).</summary>
    public static LayerShape MicroScopiQLayer(MicroScopiQDesign d, int n, int k, int seed) =>
        new("random", n, k, MicroScopiQDesign.OutlierTileRows(d.Config, MicroScopiQLayers.Random(n, k, d.Bits, seed, outlierRate: 0.3)));
}
