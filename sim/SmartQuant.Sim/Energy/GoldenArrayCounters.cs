using System.Collections.Concurrent;
using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw;
using SmartQuant.Hw.MxIntArray;
using SmartQuant.Hw.OliveArray;
using SmartQuant.Models.ArrayBaseline;
using SmartQuant.Models.Energy;
using SmartQuant.Models.MicroScopiQ;
using SmartQuant.Models.MxIntArray;
using SmartQuant.Models.OliveArray;
using SmartQuant.Sim.Drivers;

namespace SmartQuant.Sim.Energy;

/// <summary>
/// The energy model's action counts for the baseline arrays (docs/energy-model.md §3): a layer's weight tiles are
/// loaded and streamed once through the design's golden model by the co-simulation stimulus (double-buffered banks, no
/// gaps), and its counter file is read at the cycle the last result leaves. The weights are random codes of the layer's
/// shape: no counter the energy model prices depends on the weight values (outlier_pairs does and is not priced), only
/// on the tiles, beats and tokens. Runs are kept per (design, array, layer shape, tokens): the encoder's layers repeat
/// three shapes. <see cref="Test"/> turns the same run into a co-simulation test, so the RTL's counters can be compared.
/// </summary>
public sealed class GoldenArrayCounters(int seed = 1, TextWriter? log = null) : IArrayCounterSource
{
    private readonly ConcurrentDictionary<(string, int, int, int, int, int), ArrayLayerCounts> _runs = new();

    public ArrayLayerCounts Count(StreamArrayDesign design, LayerShape layer, int tokens) =>
        _runs.GetOrAdd((design.Name, design.Rows, design.Cols, layer.Out, layer.In, tokens), _ => Run(design, layer, tokens));

    /// <summary>The tiles of a layer as the design's tiler plans them, and the golden model and load ports of the design.</summary>
    public LayerPlan Plan(StreamArrayDesign design, LayerShape layer) => design switch
    {
        MxIntDesign m => new(MxIntTiles(m.Config, layer), MxIntArraySimTests.Ports, (c, map) => new MxIntArrayModel((MxIntArrayConfig)c, PortBindings.MxIntArray(map))),
        OliveDesign o => new(OliveTiles(o.Config, layer), OliveArraySimTests.Ports, (c, map) => new OliveArrayModel((OliveArrayConfig)c, PortBindings.OliveArray(map))),
        _ => throw new ArgumentException($"{design.Name} has no counter file"),
    };

    /// <summary>The layer's run as a co-simulation test of the design (each tile once, then idle).</summary>
    public SimTest Test(StreamArrayDesign design, LayerShape layer, int tokens)
    {
        var plan = Plan(design, layer);
        return new SimTest(design.HardwareDesign, $"energy-{layer.Out}x{layer.In}-t{tokens}", "a layer's tiles once, for the energy model's counters",
            plan.Golden, (c, m, s) => new ArrayTileStimulus(plan.Ports(m), s, plan.Tiles, new ArrayScenario(tokens, [0]), once: true));
    }

    private ArrayLayerCounts Run(StreamArrayDesign design, LayerShape layer, int tokens)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var plan = Plan(design, layer);
        var cfg = design.HardwareConfig;
        var map = DesignCatalog.Find(design.HardwareDesign).BoundPortMap(cfg);
        var model = (StreamArrayModel)plan.Golden(cfg, map);
        var ports = plan.Ports(map);
        var driver = new ArrayTileStimulus(ports, (ulong)seed, plan.Tiles, new ArrayScenario(tokens, [0]), once: true);
        var (inputs, outputs) = (map.NewInputs(), map.NewOutputs());
        model.Reset();
        long want = (long)plan.Tiles.Count * tokens, delivered = 0;
        long limit = checked((long)plan.Tiles.Count * (tokens + design.Rows + 2 * (design.Rows + design.Cols) + 8) + 1000);
        for (long c = 0; c < limit; c++)
        {
            driver.Drive(c, inputs, outputs);
            model.Evaluate(inputs, outputs);
            if (outputs[ports.Stream.OutValid] != 0 && inputs[ports.Stream.OutReady] != 0) delivered++;
            model.Tick(inputs);
            if (delivered != want) continue;
            long psumReads = plan.Tiles.Count(t => t.K0 > 0) * (long)tokens;
            var counts = new ArrayLayerCounts(model.ActionCounts, plan.Tiles.Count, psumReads);
            log?.WriteLine($"  golden counters: {design} {layer.Out}×{layer.In}, {tokens} tokens per tile: {plan.Tiles.Count} tiles, {counts.Counters.Cycles:N0} cycles ({sw.Elapsed.TotalSeconds:0.0} s)");
            return counts;
        }
        throw new TimeoutException($"{design}: the golden run of {layer.Out}×{layer.In} did not deliver its {want} results in {limit} cycles");
    }

    /// <summary>MX-INT-4 tiles: Rows inputs × Cols channels; the random layer is padded to whole tiles of channels
    /// (the padding channels are loaded and multiplied as the hardware does with a partial tile).</summary>
    private List<ArrayTile> MxIntTiles(MxIntArrayConfig cfg, LayerShape layer)
    {
        int n = RoundUp(layer.Out, cfg.Cols);
        if (n > 128) n = RoundUp(n, 128);
        var q = MicroScopiQLayers.Random(n, layer.In, 4, seed, outlierRate: 0, expSpread: cfg.MaxShift);
        var tiles = new List<ArrayTile>();
        for (int k0 = 0; k0 < layer.In; k0 += cfg.Rows)
            for (int n0 = 0; n0 < layer.Out; n0 += cfg.Cols) tiles.Add(MxIntTiling.Plan(cfg, q, k0, n0));
        return tiles;
    }

    /// <summary>OliVe tiles: K-tiles restart at every scale group (a column sums in one group's units).</summary>
    private List<ArrayTile> OliveTiles(OliveArrayConfig cfg, LayerShape layer)
    {
        var t = OliveTiling.Random(layer.Out, layer.In, seed);
        var tiles = new List<ArrayTile>();
        for (int g0 = 0; g0 < layer.In; g0 += OliveDesign.Group)
            for (int k0 = g0; k0 < Math.Min(g0 + OliveDesign.Group, layer.In); k0 += cfg.Rows)
                for (int n0 = 0; n0 < layer.Out; n0 += cfg.Cols) tiles.Add(OliveTiling.Plan(cfg, t, k0, n0));
        return tiles;
    }

    private static int RoundUp(int v, int m) => (v + m - 1) / m * m;
}

/// <summary>A layer's tiles on a baseline array, the binding of its load ports and its golden model (both from a port
/// map bound to the design's elaborated top).</summary>
public sealed record LayerPlan(List<ArrayTile> Tiles, Func<PortMap, ArrayLoadPorts> Ports, Func<SmartQuant.Hdl.DesignConfig, PortMap, SmartQuant.Hdl.Simulation.ICycleModel> Golden);
