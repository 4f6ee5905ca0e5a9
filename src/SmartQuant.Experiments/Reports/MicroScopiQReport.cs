using System.Diagnostics;
using System.Text;
using SmartQuant.Emit;
using SmartQuant.Eda;
using SmartQuant.Hdl;
using SmartQuant.Hdl.Ir;
using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw;
using SmartQuant.Hw.MacArray;
using SmartQuant.Hw.MicroScopiQ;
using SmartQuant.Models.MicroScopiQ;
using SmartQuant.Quant.MicroScopiQ;
using SmartQuant.Quant.Sources;
using SmartQuant.Sim;
using SmartQuant.Sim.Drivers;

namespace SmartQuant.Experiments.Reports;

/// <summary>
/// `smartquant report microscopiq`: cycles and PE utilization (analytical schedule, spot-checked against a
/// cycle-by-cycle golden run and a Verilator co-simulation of a slice), ReCoN share of row-tokens on quantized
/// synthetic LLM layers, yosys cells/flip-flops per block against the plain INT8 mac-array PE, speedup over the
/// 8-bit mac-array.
/// </summary>
public sealed class MicroScopiQReport : IReport
{
    public string Name => "microscopiq";
    public string Title => "MicroScopiQ accelerator: performance and area";

    public ReportSection Run(ReportContext context)
    {
        var md = new StringBuilder();
        var console = TextWriter.Synchronized(context.Console);
        // The area sections are yosys processes and the simulations below are mostly one thread (and one Verilator
        // build), so on two cores they run side by side; each writes its own markdown, appended in the usual order.
        var area = Task.Run(() =>
        {
            var a = new StringBuilder();
            Area(a, console, new MicroScopiQConfig(rows: 4, cols: 8));
            if (!context.Quick) Area(a, console, new MicroScopiQConfig(rows: 8, cols: 8));
            if (!context.Quick) PaperScaleArea(a, console);
            return a.ToString();
        });
        try
        {
            SpotCheck(md, console);
            Performance(md, console);
            SharedRecon(md, console);
        }
        finally { area.Wait(); } // never leave yosys running behind a failed section
        md.Append(area.Result);
        return new ReportSection(md.ToString(), []);
    }

    // ---------------------------------------------------------------- schedule spot check
    private static void SpotCheck(StringBuilder md, TextWriter console)
    {
        md.AppendLine("## Schedule formula vs cycle-by-cycle runs\n");
        md.AppendLine("`MicroScopiQSchedule.Cycles` (timing contract + double-buffered host policy, no stalls) against the golden model");
        md.AppendLine("driven cycle by cycle by the co-simulation stimulus, and against Verilator in lockstep (4×8 slice).\n");
        md.AppendLine("| config | bb | layer N×K | tokens/tile | tiles | formula | golden cycle-by-cycle | co-sim (RTL = golden every cycle) |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var (cfg, bb, n, k, m, cosim) in new[]
        {
            (new MicroScopiQConfig(rows: 4, cols: 8), 2, 64, 16, 16, true),
            (new MicroScopiQConfig(rows: 4, cols: 8), 4, 32, 16, 1, true),
            (new MicroScopiQConfig(rows: 16, cols: 16), 2, 128, 64, 64, false),
            (new MicroScopiQConfig(rows: 16, cols: 16), 4, 64, 64, 1, false),
        })
        {
            var q = MicroScopiQLayers.Random(n, k, bb, seed: 3);
            int lanes = MicroScopiQTiling.TileLanes(cfg, bb == 2);
            var tiles = new List<WeightTile>();
            for (int k0 = 0; k0 < k; k0 += cfg.Rows)
                for (int n0 = 0; n0 < n; n0 += lanes) tiles.Add(MicroScopiQTiling.Plan(cfg, q, k0, n0));
            long formula = MicroScopiQSchedule.Cycles(cfg, tiles.Count, m);
            var scenario = new MicroScopiQScenario([bb], m);
            var map = DesignCatalog.Find("microscopiq").BoundPortMap(cfg);
            long golden = GoldenCycles(cfg, map, scenario, tiles, (long)tiles.Count * m);
            string co = "—";
            if (cosim)
            {
                Counting? counter = null;
                var test = new SimTest("microscopiq", "schedule-slice", "schedule spot check",
                    (c, mp) => counter = new Counting(new MicroScopiQModel((MicroScopiQConfig)c, PortBindings.MicroScopiQ(mp))),
                    (c, mp, s) => new MicroScopiQStimulus((MicroScopiQConfig)c, mp, s, scenario, tiles));
                var r = LockstepEngine.Run(test, new SimOptions { Cycles = formula, Seed = 1, Config = cfg, WavesOnFailure = false, OptFast = SpotCheckOptFast });
                co = r.Passed ? $"PASS, {counter!.Delivered} tokens delivered in {formula} cycles" : $"FAIL at {r.Divergence!.Cycle}";
            }
            md.AppendLine($"| {cfg.Rows}×{cfg.Cols} | {bb} | {n}×{k} | {m} | {tiles.Count} | {formula} | {golden} | {co} |");
            console.WriteLine($"  spot check {cfg.Rows}x{cfg.Cols} bb{bb} M={m}: formula {formula}, golden {golden}, co-sim {co}");
        }
        md.AppendLine();
    }

    /// <summary>The spot check co-simulates a few hundred cycles: an <c>-O1</c> model compiles in about half the CPU time of
    /// <c>-O3</c> (docs/cosim-speed.md) and runs them in well under a second; a cached <c>-O3</c> build is used when there is one.</summary>
    private const string SpotCheckOptFast = "-O1";

    /// <summary>Cycles until the golden model delivered <paramref name="tokens"/> tokens (inclusive).</summary>
    private static long GoldenCycles(MicroScopiQConfig cfg, PortMap map, MicroScopiQScenario sc, List<WeightTile> tiles, long tokens) =>
        GoldenRun(cfg, map, sc, tiles, tokens).Cycles;

    /// <summary>Wraps a cycle model and counts delivered tokens (out_valid &amp;&amp; out_ready).</summary>
    private sealed class Counting(MicroScopiQModel inner) : ICycleModel
    {
        private readonly PortSlot _valid = inner.Ports.OutValid, _ready = inner.Ports.OutReady;
        private bool _valid0;
        public long Delivered { get; private set; }
        public void Reset() { inner.Reset(); Delivered = 0; }
        public void Evaluate(PortValues inputs, PortValues outputs) { inner.Evaluate(inputs, outputs); _valid0 = outputs[_valid] != 0; }
        public void Tick(PortValues inputs) { if (_valid0 && inputs[_ready] != 0) Delivered++; inner.Tick(inputs); }
    }

    // ---------------------------------------------------------------- performance
    private static void Performance(StringBuilder md, TextWriter console)
    {
        const int n = 4096, k = 4096, statN = 1024, statK = 512;
        md.AppendLine($"## Cycles and PE utilization, {n}×{k} layer, one ReCoN per row\n");
        md.AppendLine("Cycles from the analytical schedule (checked above); simulating 4096×4096×256 cycle by cycle on the golden model");
        md.AppendLine("is too slow for a report. Utilization = ideal cycles (tiles × tokens) / actual. With one ReCoN per row there is no");
        md.AppendLine("arbitration, so conflicts are 0 and outliers do not change the cycle count; the ReCoN share is the fraction of");
        md.AppendLine($"row-tokens whose row holds an outlier µB, measured on a {statN}×{statK} synthetic LLM layer quantized by the");
        md.AppendLine("quantization core (MicroScopiQQuantizer, τ = 3σ, RTN inliers). mac-array: 8-bit R×C array, single-buffered");
        md.AppendLine("shift-in weights, so per tile Rows load cycles + tokens + Rows + Cols − 1 drain (estimate from its contract).\n");
        md.AppendLine("| config | bb | tokens | tiles | cycles | PE utilization | outlier fraction | ReCoN share | conflict rate | mac-array 8-bit cycles | speedup |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        var stats = new Dictionary<int, QuantizedTensor>();
        var outlierFraction = new Dictionary<int, double>();
        foreach (var bb in new[] { 2, 4 })
        {
            var sw = Stopwatch.StartNew();
            var w = SyntheticLayer.Weights(statN, statK, 42);
            var res = MicroScopiQQuantizer.Quantize(w, statN, statK, new MicroScopiQOptions(bb) { Gptq = false });
            stats[bb] = res.Tensor!;
            outlierFraction[bb] = res.OutlierFraction;
            console.WriteLine($"  quantized {statN}x{statK} bb={bb} in {sw.Elapsed.TotalSeconds:0.0} s, outliers {res.OutlierFraction:P2}");
        }
        foreach (var (r, c) in new[] { (16, 16), (64, 64) })
        {
            var cfg = new MicroScopiQConfig(rows: r, cols: c);
            foreach (var bb in new[] { 2, 4 })
                foreach (var m in new[] { 256, 1 })
                {
                    long tiles = MicroScopiQSchedule.Tiles(cfg, n, k, bb);
                    long cycles = MicroScopiQSchedule.Cycles(cfg, tiles, m);
                    double util = MicroScopiQSchedule.Utilization(cfg, tiles, m);
                    double share = ReconShare(cfg, stats[bb], bb);
                    long macTiles = (long)((k + r - 1) / r) * ((n + c - 1) / c);
                    long mac = macTiles * (r + m + r + c - 1);
                    md.AppendLine($"| {r}×{c} | {bb} | {m} | {tiles} | {cycles:N0} | {util:P2} | {outlierFraction[bb]:P2} | {share:P1} | 0 % | {mac:N0} | {(double)mac / cycles:0.00}× |");
                    console.WriteLine($"  {r}x{c} bb={bb} M={m}: {cycles:N0} cycles, utilization {util:P2}, ReCoN share {share:P1}");
                }
        }
        md.AppendLine();
    }

    /// <summary>Fraction of (input feature, tile lane group) whose lanes hold at least one outlier µB.</summary>
    internal static double ReconShare(MicroScopiQConfig cfg, QuantizedTensor q, int bb)
    {
        int lanes = MicroScopiQTiling.TileLanes(cfg, bb == 2), mbs = Math.Max(1, lanes / q.Layout.MicroBlock);
        long rows = 0, hit = 0;
        for (int kk = 0; kk < q.Cols; kk++)
            for (int g = 0; g < q.MicroBlocksPerCol; g += mbs)
            {
                rows++;
                for (int b = g; b < Math.Min(g + mbs, q.MicroBlocksPerCol); b++)
                    if (q.PairCount[kk * q.MicroBlocksPerCol + b] > 0) { hit++; break; }
            }
        return (double)hit / rows;
    }

    // ---------------------------------------------------------------- shared ReCoN
    /// <summary>
    /// G shared ReCoN units vs one per row: the golden model run cycle by cycle on the tiles of a quantized synthetic
    /// layer (double-buffered stimulus, no host stalls), cycles until every token is delivered and the counters.
    /// </summary>
    private static void SharedRecon(StringBuilder md, TextWriter console)
    {
        const int n = 256, k = 64;
        md.AppendLine($"## Shared ReCoN: G units for all rows (round-robin, global stall)\n");
        md.AppendLine($"Golden model cycle by cycle on all tiles of a {n}×{k} synthetic LLM layer quantized by the quantization core");
        md.AppendLine("(τ = 3σ, RTN inliers), double-buffered loads, no host stalls. A row needs ReCoN for a token when its weight bank");
        md.AppendLine("holds an outlier µB in that row; while more rows need it in one cycle than there are units, the array is frozen");
        md.AppendLine("(ReCoN stall). Conflict rate = row-token requests that had to wait / ReCoN traversals (the paper: < 3 % at");
        md.AppendLine("64×64 with one ReCoN); stall share = ReCoN stall cycles / cycles; slowdown = cycles / cycles with one ReCoN per row.");
        md.AppendLine("With many tokens per tile every outlier row requests every cycle, so a shared unit serialises rows; with one");
        md.AppendLine("token per tile (GEMV) the skew spreads a token's rows over cycles and conflicts need tokens of different tiles.");
        md.AppendLine("Counters are read when the last token is delivered; traversals include the few tokens of the stimulus's next pass");
        md.AppendLine("already accepted by then, so they differ slightly between G. \"Row groups\" is the paper's design B: unit k serves only");
        md.AppendLine("the k-th group of Rows/G rows (a smaller request mux per unit, no balancing between groups).\n");
        md.AppendLine("| config | bb | tokens/tile | G | cycles | slowdown | ReCoN traversals | conflicts | conflict rate | ReCoN stall cycles | stall share |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var bb in new[] { 2, 4 })
        {
            var res = MicroScopiQQuantizer.Quantize(SyntheticLayer.Weights(n, k, 7), n, k, new MicroScopiQOptions(bb) { Gptq = false });
            var q = res.Tensor!;
            foreach (var (rows, cols) in new[] { (8, 8), (16, 16) })
                foreach (var m in new[] { 16, 1 })
                {
                    long baseline = 0;
                    foreach (var (g, groups) in new[] { (rows, false), (2, false), (2, true), (1, false) })
                    {
                        var cfg = new MicroScopiQConfig(rows: rows, cols: cols, reconUnits: g, reconRowGroups: groups);
                        int lanes = MicroScopiQTiling.TileLanes(cfg, bb == 2);
                        var tiles = new List<WeightTile>();
                        for (int k0 = 0; k0 < k; k0 += rows)
                            for (int n0 = 0; n0 < n; n0 += lanes) tiles.Add(MicroScopiQTiling.Plan(cfg, q, k0, n0));
                        var map = DesignCatalog.Find("microscopiq").BoundPortMap(cfg);
                        var (cycles, ctr) = GoldenRun(cfg, map, new MicroScopiQScenario([bb], m), tiles, (long)tiles.Count * m);
                        if (g == rows) baseline = cycles;
                        ulong trav = ctr[MicroScopiQCounters.Recon.Name], conf = ctr[MicroScopiQCounters.Conflicts.Name];
                        ulong stalls = ctr.GetValueOrDefault(MicroScopiQCounters.ReconStalls.Name);
                        string gName = g == rows ? $"{g} (one per row)" : groups ? $"{g}, row groups" : $"{g}";
                        md.AppendLine($"| {rows}×{cols} | {bb} | {m} | {gName} | {cycles:N0} | {(double)cycles / baseline:0.00}× | {trav:N0} | {conf:N0} | {(trav == 0 ? 0 : (double)conf / trav):P1} | {stalls:N0} | {(double)stalls / cycles:P1} |");
                        console.WriteLine($"  shared ReCoN {rows}x{cols} bb={bb} M={m} G={gName}: {cycles} cycles, conflicts {conf}/{trav}, stalls {stalls}");
                    }
                }
        }
        md.AppendLine();
    }

    /// <summary>Cycles until the golden model delivered <paramref name="tokens"/> tokens, and its counters then (also used by <see cref="RealLayerReport"/>).</summary>
    internal static (long Cycles, Dictionary<string, ulong> Counters) GoldenRun(MicroScopiQConfig cfg, PortMap map, MicroScopiQScenario sc, List<WeightTile> tiles, long tokens)
    {
        var ports = PortBindings.MicroScopiQ(map);
        var model = new Counting(new MicroScopiQModel(cfg, ports));
        var driver = new MicroScopiQStimulus(cfg, map, 1, sc, tiles);
        var (inputs, outputs) = (map.NewInputs(), map.NewOutputs());
        model.Reset();
        for (long c = 0; ; c++)
        {
            driver.Drive(c, inputs, outputs);
            model.Evaluate(inputs, outputs);
            model.Tick(inputs);
            if (model.Delivered == tokens)
            {
                model.Evaluate(inputs, outputs);
                return (c + 1, MicroScopiQCounters.For(cfg).Select((e, i) => (e.Name, outputs[ports.Counters[i]])).ToDictionary());
            }
        }
    }

    // ---------------------------------------------------------------- area
    /// <summary>
    /// Cells per block of a Rows×Cols accelerator and of the INT8 mac-array of the same size, by the block-level flow
    /// (<see cref="BlockSynth"/>: each distinct module synthesized once, cached under build/area-blocks/, so blocks shared
    /// with other sizes and earlier runs are not synthesized again). A block's figure is its whole sub-hierarchy as a
    /// hierarchical `yosys synth` counts it (the children's cells, not the instance cells).
    /// </summary>
    private static void Area(StringBuilder md, TextWriter console, MicroScopiQConfig cfg)
    {
        var sw = Stopwatch.StartNew();
        var msq = Blocks(DesignCatalog.Find("microscopiq").Elaborate(cfg), console);
        var mac = Blocks(DesignCatalog.Find("mac-array").Elaborate(new MacArrayConfig(rows: cfg.Rows, cols: cfg.Cols)), console);
        var top = msq.Block("microscopiq_top");
        var pe = msq.Block("multi_precision_pe");
        var macPe = mac.Block("mac_pe");
        var macTop = mac.Block("mac_array");
        var recon = msq.Block("recon");
        var corr = msq.Block("correction_unit");
        var row = msq.Block("pe_row");
        long pes = (long)cfg.Rows * cfg.Cols;
        double support = 1 - (double)(pes * pe.Cells) / top.Cells;
        md.AppendLine($"## Area, {cfg.Rows}×{cfg.Cols} (block-level yosys `synth`, generic cells)\n");
        md.AppendLine("Each distinct module synthesized once on its own and counted with its sub-hierarchy, as a hierarchical `yosys synth`");
        md.AppendLine("counts it (`smartquant synth` without `--flatten`; a flattened synth can be a few percent smaller, docs/cosim-speed.md).\n");
        md.AppendLine("| block | instances | cells | flip-flops |");
        md.AppendLine("|---|---|---|---|");
        md.AppendLine($"| mac-array INT8 PE (`{macPe.Module}`) | — | {macPe.Cells:N0} | {macPe.FlipFlops:N0} |");
        md.AppendLine($"| multi-precision PE (`{pe.Module}`) | {pes} | {pe.Cells:N0} | {pe.FlipFlops:N0} |");
        md.AppendLine($"| ReCoN of one row (`{recon.Module}`) | {cfg.Rows} | {recon.Cells:N0} | {recon.FlipFlops:N0} |");
        md.AppendLine($"| correction unit (`{corr.Module}`) | {cfg.Rows * cfg.Lanes} | {corr.Cells:N0} | {corr.FlipFlops:N0} |");
        md.AppendLine($"| PE row incl. metadata, ReCoN, corrections, chain (`{row.Module}`) | {cfg.Rows} | {row.Cells:N0} | {row.FlipFlops:N0} |");
        md.AppendLine($"| whole accelerator (`{top.Module}`) | 1 | {top.Cells:N0} | {top.FlipFlops:N0} |");
        md.AppendLine($"| mac-array INT8 {cfg.Rows}×{cfg.Cols} (`{macTop.Module}`) | 1 | {macTop.Cells:N0} | {macTop.FlipFlops:N0} |");
        md.AppendLine();
        md.AppendLine($"Multi-precision PE / INT8 PE: {(double)pe.Cells / macPe.Cells:0.00}× cells. Everything but the PEs (ReCoN, corrections, correction chain,");
        md.AppendLine($"metadata banks, deskew, control, counters): {support:P1} of the accelerator's cells (paper, 64×64 with one shared ReCoN: 8.63 % compute overhead;");
        md.AppendLine("this design has one ReCoN per row and a generic-cell count, so it is an upper bound at small sizes).");
        md.AppendLine();
        console.WriteLine($"  area {cfg.Rows}x{cfg.Cols}: top {top.Cells} cells / {top.FlipFlops} FF, PE {pe.Cells}/{pe.FlipFlops}, mac_pe {macPe.Cells}/{macPe.FlipFlops}, recon {recon.Cells}/{recon.FlipFlops} ({sw.Elapsed.TotalSeconds:0} s)");
    }

    /// <summary>Block-level synth of one design (cached blocks are read back), one progress line per synthesized block.</summary>
    private static HierarchyArea Blocks(IrDesign ir, TextWriter console)
    {
        var r = BlockSynth.Run(ir, VerilogEmitter.Emit(ir), MicroScopiQPaperScale.BlockCache, parallel: 2, progress: (m, s, cached) =>
        {
            if (!cached) console.WriteLine($"    {ir.DesignName} block {m}: {s:0} s");
        });
        return new HierarchyArea(ir, r.Report);
    }

    /// <summary>Cells and flip-flops of a module with everything below it, from the per-definition counts of a block-level run.</summary>
    private sealed class HierarchyArea(IrDesign ir, SynthGate.Report blocks)
    {
        private readonly Dictionary<string, ModuleArea> _own = blocks.Modules.ToDictionary(m => m.Module);
        private readonly Dictionary<string, ModuleArea> _total = [];

        /// <summary>The definition named <paramref name="module"/>, or else the one with the shortest name starting with it
        /// (variants carry a suffix, e.g. <c>pe_row_c8_…</c>).</summary>
        public ModuleArea Block(string module)
        {
            var name = ir.Modules.Select(m => m.Name).Where(n => n.StartsWith(module, StringComparison.Ordinal))
                .OrderBy(n => n.Length).ThenBy(n => n, StringComparer.Ordinal).FirstOrDefault()
                ?? throw new InvalidOperationException($"{ir.DesignName} has no module '{module}*'");
            return Total(name);
        }

        private ModuleArea Total(string name)
        {
            if (_total.TryGetValue(name, out var done)) return done;
            var m = ir.Module(name);
            var own = _own[name];
            // yosys counts a child instance as one cell of its parent; in the sub-hierarchy it is the child's cells.
            long cells = own.Cells - m.Instances.Length, ffs = own.FlipFlops;
            foreach (var i in m.Instances)
            {
                var c = Total(i.ModuleName);
                cells += c.Cells;
                ffs += c.FlipFlops;
            }
            return _total[name] = new ModuleArea(name, cells, ffs);
        }
    }

    /// <summary>
    /// The paper's comparison point, 64×64 with one shared ReCoN, by the block-level flow (<see cref="MicroScopiQPaperScale"/>)
    /// and broken down by C# class under <see cref="AreaModel"/> (memories as memory bits, not flip-flops).
    /// </summary>
    private static void PaperScaleArea(StringBuilder md, TextWriter console)
    {
        var cfg = MicroScopiQPaperScale.Config;
        var sw = Stopwatch.StartNew();
        var macDir = Directory.CreateTempSubdirectory("msq-report-64-mac-").FullName;
        try
        {
            var (ir, blocks) = MicroScopiQPaperScale.Synthesize(cfg, console);
            var model = AreaModel.Default;
            OutputWriter.WriteAll(macDir, VerilogEmitter.Emit(DesignCatalog.Find("mac-array").Elaborate(new MacArrayConfig(rows: 8, cols: 8))));
            var macPe = SynthGate.Run(macDir, "mac_pe", flatten: true).Total;
            var byClass = AreaModel.ByClass(ir, blocks.Report).OrderByDescending(c => c.Cells(model)).ToList();
            double total = byClass.Sum(c => c.Cells(model));
            var pe = byClass.Single(c => c.Class == nameof(MultiPrecisionPe));
            md.AppendLine($"## Area at the paper's scale: {cfg.Rows}×{cfg.Cols}, {cfg.ReconUnits} shared ReCoN (block-level yosys `synth`, generic cells)\n");
            md.AppendLine($"Each distinct module synthesized once and multiplied by its instances; {model.Describe()}.\n");
            md.AppendLine("| C# class | instances | logic cells | flip-flops | memory bits | area (cells) | share |");
            md.AppendLine("|---|---|---|---|---|---|---|");
            foreach (var c in byClass)
                md.AppendLine($"| `{c.Class}` | {c.Instances:N0} | {c.LogicCells:N0} | {c.FlipFlops:N0} | {c.MemoryBits:N0} | {c.Cells(model):N0} | {c.Cells(model) / total:P1} |");
            md.AppendLine($"| **whole accelerator** | | {byClass.Sum(c => c.LogicCells):N0} | {byClass.Sum(c => c.FlipFlops):N0} | {byClass.Sum(c => c.MemoryBits):N0} | **{total:N0}** | 100 % |");
            md.AppendLine($"| mac-array INT8 PE (`mac_pe`), for comparison | 1 | {macPe.Cells - macPe.FlipFlops:N0} | {macPe.FlipFlops:N0} | 0 | {macPe.Cells:N0} | |");
            md.AppendLine();
            double chain = byClass.Where(c => c.Class is nameof(CorrectionChain) or nameof(CorrectionRam)).Sum(c => c.Cells(model));
            md.AppendLine($"Everything but the PEs: **{1 - pe.Cells(model) / total:P1}** of the area; the paper reports 8.63 % compute overhead with one");
            md.AppendLine($"ReCoN at 64×64 (what each figure counts: docs/microscopiq-hw.md, \"Area at the paper's scale\"). The in-flight correction sums");
            md.AppendLine($"(`CorrectionChain`: its RAM, flags and adders) are {chain / total:P1}. Generic yosys cells are a proxy for area, not a standard-cell library.\n");
            double paperCounts = byClass.Where(c => c.Class is nameof(Recon) or nameof(ReconStage) or nameof(ReconSwitch) or nameof(ReconArbiter) or nameof(SharedReconPool)).Sum(c => c.Cells(model));
            md.AppendLine("| | the paper's 8.63 % | ours |");
            md.AppendLine("|---|---|---|");
            md.AppendLine("| numerator | ReCoN with its arbitration and synchronization buffer | everything but the PEs: ReCoN, pool, arbiter, exact merge, correction RAM, metadata banks, skew/deskew, output buffer, control |");
            md.AppendLine("| denominator | the compute array with that support | the whole accelerator |");
            md.AppendLine("| not in it | in-flight partial-sum storage (no return path described), deskew, metadata | nothing |");
            md.AppendLine($"| the paper's blocks in our design (ReCoN switches, pool, arbiter) | | {paperCounts / total:P1} |");
            md.AppendLine();
            console.WriteLine($"  area {cfg.Rows}x{cfg.Cols} G={cfg.ReconUnits}: {total:N0} cells, everything but the PEs {1 - pe.Cells(model) / total:P1} ({sw.Elapsed.TotalSeconds:0} s)");
        }
        finally { Directory.Delete(macDir, true); }
    }
}
