using System.Globalization;
using System.Text;
using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw;
using SmartQuant.Hw.MicroScopiQ;
using SmartQuant.Models.MicroScopiQ;
using SmartQuant.Quant.MicroScopiQ;
using SmartQuant.Quant.Sources;
using SmartQuant.Sim;
using SmartQuant.Sim.Drivers;

namespace SmartQuant.Experiments.Reports;

/// <summary>
/// `smartquant report real-layers`: the MicroScopiQ accelerator on real all-MiniLM-L6-v2 layers (the cache of the
/// `real-layer` co-simulation test: attention query and FFN-down of block 0, MicroScopiQ with GPTQ on real
/// activations, static INT8 activations): the golden model against the exact dot product, and PE utilization,
/// ReCoN traversals and conflict rate for G = Rows, 2, 1 on the real outlier placement beside the synthetic layer of
/// `report microscopiq` (docs/real-model.md, "The accelerator on real layers").
/// </summary>
public sealed class RealLayerReport : IReport
{
    public string Name => "real-layers";
    public string Title => "Real model on the MicroScopiQ accelerator: exactness, utilization and ReCoN conflicts";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public ReportSection Run(ReportContext context)
    {
        var layers = RealLayerSet.Load();
        var md = new StringBuilder();
        Layers(md, context.Console, layers);
        Exactness(md, context.Console, layers, context.Quick);
        CoSimPass(md, context.Console, layers);
        Conflicts(md, context.Console, layers, context.Quick);
        return new ReportSection(md.ToString(), []);
    }

    // ---------------------------------------------------------------- what the layers are
    private static void Layers(StringBuilder md, TextWriter console, IReadOnlyList<RealLayerData> layers)
    {
        md.AppendLine("The layers: MicroScopiQ (τ = 3σ, GPTQ act-order on the 7 731 tokens of the 256 calibration passages), INT8");
        md.AppendLine("activations = the first 256 tokens of the held-out passages, per-tensor symmetric scale max|x| / 127 over the");
        md.AppendLine("calibration tokens (static). ReCoN share = share of (input feature, lane group of a tile) holding an outlier µB");
        md.AppendLine("over the whole layer, i.e. of row-tokens that need ReCoN; the synthetic layer is `report microscopiq`'s (SyntheticLayer 256×64, no GPTQ).\n");
        md.AppendLine("\"Tiles closed early\": 8×8 tiles of the whole layer that `RealLayerTiles` had to close before 8 input features because");
        md.AppendLine("an inlier exponent would need a row pre-shift beyond 7 (plain K/8 tiling per lane block otherwise).\n");
        md.AppendLine("| layer | bb | N×K | outlier µBs | max ΔO | act. scale | zero codes | codes at ±127 | ReCoN share 8×8 | ReCoN share 16×16 | 8×8 tiles (closed early) |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var d in layers)
        {
            var q = d.Weights;
            double ubs = (double)q.PairCount.Count(c => c > 0) / q.PairCount.Length;
            double zeros = (double)d.Activations.Count(a => a == 0) / d.Activations.Length;
            double sat = (double)d.Activations.Count(a => Math.Abs(a) == 127) / d.Activations.Length;
            md.AppendLine(string.Create(Inv, $"| {d.Layer} | {d.Bits} | {d.N}×{d.K} | {ubs:P2} | {q.DeltaO.Max()} | {d.Scale:G4} | {zeros:P1} | {sat:P3} | {MicroScopiQReport.ReconShare(Cfg(8, 8), q, d.Bits):P1} | {MicroScopiQReport.ReconShare(Cfg(16, 16), q, d.Bits):P1} | {Tiling(d)} |"));
        }
        foreach (var bb in new[] { 2, 4 })
        {
            var q = Synthetic(bb);
            double ubs = (double)q.PairCount.Count(c => c > 0) / q.PairCount.Length;
            md.AppendLine(string.Create(Inv, $"| synthetic (SyntheticLayer, seed 7) | {bb} | {q.Rows}×{q.Cols} | {ubs:P2} | {q.DeltaO.Max()} | — | — | — | {MicroScopiQReport.ReconShare(Cfg(8, 8), q, bb):P1} | {MicroScopiQReport.ReconShare(Cfg(16, 16), q, bb):P1} | — |"));
        }
        md.AppendLine();
    }

    // ---------------------------------------------------------------- golden model vs exact reference
    private static void Exactness(StringBuilder md, TextWriter console, IReadOnlyList<RealLayerData> layers, bool quick)
    {
        var cfg = Cfg(8, 8);
        md.AppendLine("## Golden model against the exact dot product (8×8, one ReCoN per row)\n");
        md.AppendLine(quick
            ? "The lane block with the most outlier µBs (a slice of output channels) over every input feature, all 256 tokens."
            : "Every lane block (the whole layer: every output channel, every input feature), the first 32 tokens.");
        md.AppendLine("Tiles are loaded and streamed through the golden model's ports; the host adds the tiles' partial sums; every");
        md.AppendLine("output element y[t, n] is compared with Σ_k ŵ[n, k]·x[t, k] over the quantizer's dequantized weights in 128-bit integers.\n");
        md.AppendLine("| layer | bb | channels | tiles | tokens | elements | non-zero | mismatches | golden cycles |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var d in layers)
        {
            int tokens = quick ? d.Tokens : 32;
            IEnumerable<int>? blocks = quick ? [RealLayerTiles.LaneBlocksByOutliers(cfg, d)[0]] : null;
            var r = RealLayerCheck.Run(cfg, d, tokens, blocks);
            md.AppendLine(string.Create(Inv, $"| {d.Layer} | {d.Bits} | {r.Channels} | {r.Tiles:N0} | {r.Tokens} | {r.Elements:N0} | {r.NonZero:N0} | **{r.Mismatches}** | {r.Cycles:N0} |"));
            console.WriteLine($"  exact check {d.Label}: {r.Tiles} tiles, {r.Elements} elements, {r.Mismatches} mismatches{(r.FirstMismatch is null ? "" : ": " + r.FirstMismatch)}");
        }
        md.AppendLine();
    }

    // ---------------------------------------------------------------- the co-simulation test's slice
    /// <summary>
    /// Cycles the `real-layer` co-simulation needs for one pass over its slice (seed 1), from the golden model driven by
    /// the test's own stimulus (stalls included; the stimulus checks every delivered result against the exact reference).
    /// </summary>
    private static void CoSimPass(StringBuilder md, TextWriter console, IReadOnlyList<RealLayerData> layers)
    {
        md.AppendLine("## The `real-layer` co-simulation test: one pass over its slice\n");
        md.AppendLine("Golden model driven by the test's stimulus (seed 1: per layer and width the lane block with the most outlier µBs, every");
        md.AppendLine("input feature, 256 tokens per tile, the test's random handshake gaps), until every token of one pass is delivered;");
        md.AppendLine("every result is checked against the exact tile reference on the way. `--cycles` of a co-simulation should exceed this.\n");
        md.AppendLine("| config | tiles | tokens | cycles | ReCoN traversals | conflicts |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var cfg in new[] { Cfg(8, 8), new MicroScopiQConfig(rows: 8, cols: 8, reconUnits: 2) })
        {
            var map = DesignCatalog.Find("microscopiq").BoundPortMap(cfg);
            var model = new MicroScopiQModel(cfg, PortBindings.MicroScopiQ(map));
            PortSlot Counter(CounterEvent e) => model.Ports.Counters[MicroScopiQCounters.For(cfg).ToList().IndexOf(e)];
            var driver = new RealLayerStimulus(cfg, map, 1);
            int tiles = RealLayerStimulus.Slice(cfg, layers, 1).Count;
            long tokens = (long)tiles * RealLayerStimulus.TokensPerTile, delivered = 0, c = 0;
            var (inputs, outputs) = (map.NewInputs(), map.NewOutputs());
            model.Reset();
            for (; delivered < tokens; c++)
            {
                driver.Drive(c, inputs, outputs);
                model.Evaluate(inputs, outputs);
                if (outputs[model.Ports.OutValid] != 0 && inputs[model.Ports.OutReady] != 0) delivered++;
                model.Tick(inputs);
            }
            model.Evaluate(inputs, outputs);
            string g = cfg.SharedRecon ? $"8×8, G = {cfg.ReconUnits}" : "8×8, one ReCoN per row";
            md.AppendLine(string.Create(Inv, $"| {g} | {tiles} | {tokens:N0} | {c:N0} | {outputs[Counter(MicroScopiQCounters.Recon)]:N0} | {outputs[Counter(MicroScopiQCounters.Conflicts)]:N0} |"));
            console.WriteLine($"  real-layer pass {g}: {tiles} tiles, {tokens} tokens in {c} cycles");
        }
        md.AppendLine();
    }

    // ---------------------------------------------------------------- shared ReCoN on the real placement
    private static void Conflicts(StringBuilder md, TextWriter console, IReadOnlyList<RealLayerData> layers, bool quick)
    {
        const int n = 256, k = 64;
        md.AppendLine("## Shared ReCoN on the real outlier placement, beside the synthetic layer\n");
        md.AppendLine(quick
            ? $"Golden model cycle by cycle on all tiles of a {n}×{k} region (output channels 0–{n - 1}, input features 0–{k - 1}) of each real layer,"
            : "Golden model cycle by cycle on all tiles of each whole real layer (every lane block, input features in order, `RealLayerTiles`),");
        md.AppendLine($"and of `report microscopiq`'s synthetic {n}×{k} layer (its rows here are that report's figures),");
        md.AppendLine("double-buffered loads, no host stalls. PE utilization = tiles × tokens per tile / cycles; slowdown = cycles / cycles");
        md.AppendLine("with one ReCoN per row; conflict rate = requests that had to wait / ReCoN traversals (the paper's metric);");
        md.AppendLine("\"row groups\" = the paper's design B. Counters read when the last token is delivered.\n");
        md.AppendLine("| layer | config | bb | tokens/tile | G | cycles | slowdown | PE utilization | ReCoN traversals | conflicts | conflict rate | ReCoN stall cycles |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        // Synthetic: the MicroScopiQ report's tiling (k0 outer, n0 inner); real: the quick region the same way, or the whole layer.
        var sources = new List<(string Name, int Bits, Func<MicroScopiQConfig, List<WeightTile>> Tiles)>();
        List<WeightTile> Plain(MicroScopiQConfig cfg, QuantizedTensor q, int bb)
        {
            int lanes = MicroScopiQTiling.TileLanes(cfg, bb == 2);
            var tiles = new List<WeightTile>();
            for (int k0 = 0; k0 < q.Cols; k0 += cfg.Rows)
                for (int n0 = 0; n0 < q.Rows; n0 += lanes) tiles.Add(MicroScopiQTiling.Plan(cfg, q, k0, n0));
            return tiles;
        }
        foreach (var bb in new[] { 2, 4 })
        {
            var synthetic = Synthetic(bb);
            sources.Add(("synthetic", bb, cfg => Plain(cfg, synthetic, bb)));
            foreach (var d in layers.Where(l => l.Bits == bb))
            {
                var region = Region(d.Weights, n, k);
                sources.Add((quick ? $"{d.Layer} [{n}×{k} region]" : d.Layer, bb,
                    cfg => quick ? Plain(cfg, region, bb) : [.. RealLayerTiles.Plan(cfg, d).Select(t => t.Tile)]));
            }
        }
        var shapes = quick ? new[] { (8, 8) } : [(8, 8), (16, 16)];
        foreach (var (rows, cols) in shapes)
            foreach (var (name, bb, plan) in sources)
                foreach (var m in new[] { 16, 1 })
                {
                    long baseline = 0;
                    foreach (var (g, groups) in new[] { (rows, false), (2, false), (2, true), (1, false) })
                    {
                        var cfg = new MicroScopiQConfig(rows: rows, cols: cols, reconUnits: g, reconRowGroups: groups);
                        var tiles = plan(cfg);
                        var map = DesignCatalog.Find("microscopiq").BoundPortMap(cfg);
                        var (cycles, ctr) = MicroScopiQReport.GoldenRun(cfg, map, new MicroScopiQScenario([bb], m), tiles, (long)tiles.Count * m);
                        if (g == rows) baseline = cycles;
                        ulong trav = ctr[MicroScopiQCounters.Recon.Name], conf = ctr[MicroScopiQCounters.Conflicts.Name];
                        ulong stalls = ctr.GetValueOrDefault(MicroScopiQCounters.ReconStalls.Name);
                        string gName = g == rows ? $"{g} (one per row)" : groups ? $"{g}, row groups" : $"{g}";
                        double util = (double)tiles.Count * m / cycles;
                        md.AppendLine(string.Create(Inv, $"| {name} | {rows}×{cols} | {bb} | {m} | {gName} | {cycles:N0} | {(double)cycles / baseline:0.00}× | {util:P1} | {trav:N0} | {conf:N0} | {(trav == 0 ? 0 : (double)conf / trav):P1} | {stalls:N0} |"));
                        console.WriteLine($"  real-layer ReCoN {name} {rows}x{cols} bb={bb} M={m} G={gName}: {cycles} cycles, utilization {util:P1}, conflicts {conf}/{trav}");
                    }
                }
        md.AppendLine();
    }

    private static MicroScopiQConfig Cfg(int rows, int cols) => new(rows: rows, cols: cols);

    /// <summary>Tiles of the whole layer on 8×8 and how many more than the plain K/8 per lane block the pre-shift rule needed.</summary>
    private static string Tiling(RealLayerData d)
    {
        var cfg = Cfg(8, 8);
        int tiles = RealLayerTiles.Plan(cfg, d).Count, plain = d.N / MicroScopiQTiling.TileLanes(cfg, d.Bits == 2) * (d.K / cfg.Rows);
        return string.Create(Inv, $"{tiles:N0} ({tiles - plain})");
    }

    /// <summary>`report microscopiq`'s synthetic layer for the shared-ReCoN table (256×64, seed 7, no GPTQ).</summary>
    private static QuantizedTensor Synthetic(int bb) =>
        MicroScopiQQuantizer.Quantize(SyntheticLayer.Weights(256, 64, 7), 256, 64, new MicroScopiQOptions(bb) { Gptq = false }).Tensor!;

    /// <summary>The first <paramref name="n"/> output channels × first <paramref name="k"/> input features of a quantized layer.</summary>
    private static QuantizedTensor Region(QuantizedTensor q, int n, int k)
    {
        var L = q.Layout;
        var s = new QuantizedTensor(n, k, L);
        int mbs = n / L.MacroBlock, ubs = n / L.MicroBlock;
        for (int c = 0; c < k; c++)
        {
            Array.Copy(q.Codes, (long)c * q.Rows, s.Codes, (long)c * n, n);
            Array.Copy(q.InlierExponent, c * q.MacroBlocksPerCol, s.InlierExponent, c * mbs, mbs);
            Array.Copy(q.PairCount, c * q.MicroBlocksPerCol, s.PairCount, c * ubs, ubs);
            Array.Copy(q.DeltaO, c * q.MicroBlocksPerCol, s.DeltaO, c * ubs, ubs);
            Array.Copy(q.Pairs, c * q.MicroBlocksPerCol * 4, s.Pairs, c * ubs * 4, ubs * 4);
        }
        return s;
    }
}
