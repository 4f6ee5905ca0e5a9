using System.Globalization;
using System.Text;
using System.Text.Json;
using SmartQuant.Experiments.Reports.Accelerators;
using SmartQuant.Hw.MicroScopiQ;
using SmartQuant.Models.Dram;
using SmartQuant.Models.Energy;
using SmartQuant.RealModel;
using SmartQuant.Sim;
using SmartQuant.Sim.Energy;

namespace SmartQuant.Experiments.Reports;

/// <summary>
/// `smartquant report accelerators` (issue #19, docs/energy-model.md): INT8, MX-INT-4, OliVe-style and MicroScopiQ
/// arrays sized to the area of MicroScopiQ 64×64 with one shared ReCoN, running the real all-MiniLM-L6-v2 encoder's
/// linear layers as GEMM (a batch of passages) and GEMV (one token): cycles and action counts from the analytical
/// schedule checked against the golden model (MicroScopiQ) or from the golden models' counters (INT8, MX-INT-4,
/// OliVe-style), weight
/// traffic through the DDR5 model at each format's stored width, energy per inference by action, compute density,
/// and the real-model embedding cosine of each format. --quick: an 8×8 budget and one encoder layer.
/// </summary>
public sealed class AcceleratorReport : IReport
{
    public string Name => "accelerators";
    public string Title => "Accelerators at equal area on the real model: throughput, energy, density, quality";

    /// <summary>Every design runs at this clock; DRAM time does not scale with it.</summary>
    public const double ClockHz = 1e9;
    /// <summary>GEMM: this many passages of this many tokens, all streamed through each weight tile.</summary>
    public const int Passages = 16, TokensPerPassage = 128;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public ReportSection Run(ReportContext context)
    {
        var console = context.Console;
        var budgetCfg = context.Quick ? new MicroScopiQConfig(rows: 8, cols: 8, reconUnits: 1) : new MicroScopiQConfig(rows: 64, cols: 64, reconUnits: 1);
        var (measured, cached) = AcceleratorAreas.Measure(budgetCfg, console);
        var areas = AcceleratorAreas.DesignAreas(measured);
        double budget = measured.Total.SquareMicrons;
        var workload = RealWorkload.Load(new MicroScopiQConfig(rows: budgetCfg.Rows, cols: budgetCfg.Cols), context.Quick ? 1 : null, console);
        var table = EnergyTable.Default45nm();
        double dramBandwidth = EnergyTable.DramStreamBandwidth(DramConfig.Default);

        var msq = new MicroScopiQDesign(budgetCfg.Rows, budgetCfg.Cols, 4, workload.MicroScopiQStoredBits);
        // The baseline arrays' action counts: their golden models' counters over each layer shape's tiles (the INT8
        // mac-array's through its counter file, MacArrayConfig.Counters).
        var counters = new GoldenArrayCounters(log: console);
        var sized = new List<SizedDesign>
        {
            EqualAreaSizing.Size(new MacArrayDesign(1, 1, new GoldenMacArrayCounters(log: console)), areas["int8"], budget),
            EqualAreaSizing.Size(new MxIntDesign(1, 4, counters), areas["mxint4"], budget),
            EqualAreaSizing.Size(new OliveDesign(2, 2, counters), areas["olive"], budget),
            new SizedDesign(msq, areas["microscopiq"], budget, budget),
        };
        var gemm = sized.Select(s => Workload.Run(s.Design, workload, Passages * TokensPerPassage, Passages, table, dramBandwidth)).ToList();
        var gemv = sized.Select(s => Workload.Run(s.Design, workload, 1, 1, table, dramBandwidth)).ToList();
        var quality = Quality(context, console);

        var md = new StringBuilder();
        Assumptions(md, measured, cached, budget, workload, table, dramBandwidth, context.Quick);
        var sizing = SizingTable(sized);
        var gemmTable = RunTable($"GEMM: a batch of {Passages} passages × {TokensPerPassage} tokens, per passage", gemm, "passages/s", "µJ / passage");
        var gemvTable = RunTable("GEMV: one token at a time, per token", gemv, "tokens/s", "µJ / token");
        var qualityTable = QualityTable(sized, quality);
        foreach (var t in new[] { sizing, gemmTable, gemvTable, qualityTable }) { md.AppendLine(t.Markdown()); t.Print(console); }
        PaperComparison(md, console, sized, gemm, gemv, quality);
        return new ReportSection(md.ToString(),
        [
            Throughput(gemm, gemv),
            EnergyBars("accelerators-energy-gemm", $"GEMM energy per passage ({Passages} × {TokensPerPassage} tokens per batch) by category, equal area", gemm, "µJ per passage"),
            EnergyBars("accelerators-energy-gemv", "GEMV energy per token by category, equal area", gemv, "µJ per token"),
        ]);
    }

    // ---------------------------------------------------------------- workload
    /// <summary>All layers of the workload on one design: cycles, time with DRAM, actions and energy per inference.</summary>
    internal sealed record Workload(AcceleratorDesign Design, long Cycles, double ComputeSeconds, double Seconds, double DramBoundShare,
        long DramBits, ActionCounts Actions, EnergyBreakdown Energy, int Inferences, RealWorkload Layers)
    {
        public double InferencesPerSecond => Inferences / Seconds;
        public double MicrojoulesPerInference(EnergyCategory? c = null) => (c is { } cat ? Energy.Category(cat) : Energy.Attojoules) / 1e12 / Inferences;

        /// <summary>
        /// Each linear layer in turn: its weights stream from DRAM once (double-buffered behind the previous tile, so a
        /// layer takes the longer of its compute and its DRAM time), every token passes every weight tile.
        /// </summary>
        public static Workload Run(AcceleratorDesign d, RealWorkload w, int tokens, int inferences, EnergyTable table, double dramBytesPerSecond)
        {
            long cycles = 0, bits = 0;
            double compute = 0, total = 0, bound = 0;
            var actions = new ActionCounts();
            // MicroScopiQ's ReCoN counts were taken at its array size; the other designs have no ReCoN.
            foreach (var layer in w.Layers)
            {
                var run = d.Run(layer, tokens);
                double tc = run.Events.Cycles / ClockHz, td = run.DramBits / 8.0 / dramBytesPerSecond;
                cycles += run.Events.Cycles; bits += run.DramBits;
                compute += tc; total += Math.Max(tc, td);
                if (td > tc) bound += td;
                actions.Add(run.Actions);
            }
            // --quick runs one encoder layer; the figures are per whole model (6 encoder layers, identical shapes).
            int scale = 6 / w.EncoderLayers;
            actions = actions.Times(scale);
            return new Workload(d, cycles * scale, compute * scale, total * scale, bound / total, bits * scale, actions, EnergyBreakdown.Of(actions, table), inferences, w);
        }
    }

    // ---------------------------------------------------------------- quality
    /// <summary>The eval method and bit width that quantize each design's weights as it stores them: INT8 weights with an
    /// FP16 scale per output channel (rtn at 8 bits) for the mac-array, the 4-bit formats at bb = 4.</summary>
    private static readonly Dictionary<string, (string Method, int Bits)> EvalMethod = new()
    {
        ["int8"] = ("rtn", 8), ["mxint4"] = ("mxint", 4), ["olive"] = ("olive", 4), ["microscopiq"] = ("microscopiq", 4),
    };

    /// <summary>Embedding cosine per design (<see cref="EvalMethod"/>): from build/eval/eval.json when `make eval` wrote
    /// it; whatever it lacks from a reduced eval of just those methods (64 calibration, 256 held-out passages; skipped by --quick).</summary>
    private static Dictionary<string, (double Cosine, string Source)> Quality(ReportContext context, TextWriter console)
    {
        var found = new Dictionary<string, (double Cosine, string Source)>();
        void Take(EvalResult r, string source)
        {
            foreach (var (design, (method, bits)) in EvalMethod)
                if (!found.ContainsKey(design) && r.Methods.FirstOrDefault(m => m.Method == method && m.Bits == bits) is { } row)
                    found[design] = (row.MeanCosine, source);
        }
        var file = Path.Combine(RepoPaths.Root, "build", "eval", "eval.json");
        if (File.Exists(file))
            Take(JsonSerializer.Deserialize<EvalResult>(File.ReadAllText(file), new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals })!,
                "build/eval/eval.json (`make eval`)");
        var missing = EvalMethod.Where(kv => !found.ContainsKey(kv.Key)).Select(kv => kv.Value).ToList();
        if (missing.Count > 0 && !context.Quick)
        {
            console.WriteLine($"  running a reduced eval of {string.Join(", ", missing.Select(m => $"{m.Method} bb = {m.Bits}"))} (not in build/eval/eval.json)");
            // Methods × bits: combinations no design needs (e.g. rtn at 4 bits) run too and are ignored.
            var r = new RealModelEval(new EvalOptions
            {
                Methods = [.. missing.Select(m => m.Method).Distinct()], Bits = [.. missing.Select(m => m.Bits).Distinct()],
                CalibrationPassages = 64, EvaluationPassages = 256, ErrorPassages = 64,
            }, line => console.WriteLine($"  {line}")).Run();
            Take(r, "reduced eval run by this report (64 calibration / 256 held-out passages)");
        }
        return found;
    }

    // ---------------------------------------------------------------- tables
    private static string F(double v, string fmt) => v.ToString(fmt, Inv);

    private static ReportTable SizingTable(List<SizedDesign> sized) => new("Equal-area sizing", ["design", "format", "array", "lanes", "area (µm²)", "share of budget", "peak TOPS", "TOPS/mm²", "counts"],
        [.. sized.Select(s => new[]
        {
            s.Design.Name, s.Design.Format, $"{s.Design.Rows}×{s.Design.Cols}", s.Design.Lanes.ToString(Inv),
            F(s.SquareMicrons, "N0"), F(s.BudgetShare, "P1"), F(PeakTops(s.Design), "0.000"), F(PeakTops(s.Design) / (s.SquareMicrons / 1e6), "0.0"),
            s.Design.Analytical ? "analytical" : s.Design is StreamArrayDesign or MacArrayDesign { CounterSource: not null } ? "golden counters" : "golden-checked",
        })]);

    private static double PeakTops(AcceleratorDesign d) => 2.0 * d.Rows * d.Lanes * ClockHz / 1e12;

    private static ReportTable RunTable(string title, List<Workload> runs, string rate, string energy)
    {
        var msq = runs.Single(r => r.Design.Name == "microscopiq");
        return new(title, ["design", "cycles", "time (ms)", "DRAM-bound share", rate, "time / MicroScopiQ's", energy, "PE array", "buffers", "ReCoN/decoders", "DRAM", "energy / MicroScopiQ's"],
            [.. runs.Select(r => new[]
            {
                r.Design.Name, F(r.Cycles, "N0"), F(r.Seconds * 1e3, "0.000"), F(r.DramBoundShare, "P0"), F(r.InferencesPerSecond, "N1"),
                F(r.Seconds / msq.Seconds, "0.00") + "×", F(r.MicrojoulesPerInference(), "0.00"),
                F(r.MicrojoulesPerInference(EnergyCategory.PeArray), "0.00"), F(r.MicrojoulesPerInference(EnergyCategory.Buffers), "0.00"),
                F(r.MicrojoulesPerInference(EnergyCategory.ReconDecoders), "0.000"), F(r.MicrojoulesPerInference(EnergyCategory.Dram), "0.00"),
                F(r.MicrojoulesPerInference() / msq.MicrojoulesPerInference(), "0.00") + "×",
            })]);
    }

    private static ReportTable QualityTable(List<SizedDesign> sized, Dictionary<string, (double Cosine, string Source)> q) =>
        new("Real-model quality (embedding cosine to FP32, all 36 linear layers' weights quantized; INT8 at 8 bits, the rest bb = 4)", ["design", "eval method", "mean cosine", "source"],
        [.. sized.Select(s =>
        {
            var (m, b) = EvalMethod[s.Design.Name];
            return q.TryGetValue(s.Design.Name, out var v)
                ? new[] { s.Design.Name, $"{m} bb={b}", F(v.Cosine, "0.0000"), v.Source }
                : [s.Design.Name, $"{m} bb={b}", "—", "no eval result (--quick without build/eval/eval.json)"];
        })]);

    // ---------------------------------------------------------------- text
    private static void Assumptions(StringBuilder md, MeasuredAreas m, bool cached, double budget, RealWorkload w, EnergyTable table, double bw, bool quick)
    {
        md.AppendLine(string.Create(Inv, $"Budget: MicroScopiQ {m.Rows}×{m.Cols} with {m.ReconUnits} shared ReCoN, {m.Total.Cells:N0} yosys cells ({m.Total.FlipFlops:N0} flip-flops) = {budget:N0} µm² by the rule of docs/energy-model.md (NAND2 0.798 µm² per logic cell, DFF 4.522 µm² per flip-flop, Nangate 45 nm); "));
        md.AppendLine(string.Create(Inv, $"multi-precision PE {m.MultiPrecisionPe.Cells} cells / {m.MultiPrecisionPe.FlipFlops} FF, INT8 PE {m.MacPe.Cells} / {m.MacPe.FlipFlops}, outlier support (ReCoN, arbiter, merge, correction chain) {m.OutlierSupport.Cells:N0} cells ({(cached ? "cached synthesis" : $"synthesized in {m.Seconds:0} s")}). "));
        md.AppendLine("Every design is sized to the largest array within that area (docs/energy-model.md, \"Equal area\"). MicroScopiQ's cycles assume no ReCoN arbitration stalls (one ReCoN per row), while its area has one shared ReCoN: an optimistic bound for MicroScopiQ (the microscopiq report measures the shared-ReCoN slowdown).\n");
        md.AppendLine(string.Create(Inv, $"Workload: all-MiniLM-L6-v2, {(quick ? "one encoder layer scaled ×6 (--quick)" : "all 6 encoder layers")}, its {w.Layers.Count} linear layers (attention scores and context are activation × activation and run on none of these arrays). "));
        md.AppendLine(string.Create(Inv, $"MicroScopiQ stores {w.MicroScopiQStoredBits:0.000} bits per weight (codes + exponents + µB records of these layers); MX-INT-4 4.0625; OliVe-style 4.125; INT8 8 + 16/K. "));
        md.AppendLine(string.Create(Inv, $"Weights are read once per layer from DDR5-4800 (4 sub-channels, sustained {bw / 1e9:0.0} GB/s and {table[EnergyActions.DramReadBit].Picojoules:0.00} pJ/bit from the DDR5 model), overlapped with compute; a layer takes the longer of the two. Clock {ClockHz / 1e9:0} GHz for every design.\n"));
        md.AppendLine("Energy per action (45 nm; sources in docs/energy-model.md):\n");
        md.AppendLine("| action | pJ | source |\n|---|---|---|");
        foreach (var a in EnergyActions.All) md.AppendLine(string.Create(Inv, $"| {a.Name} | {table[a].Picojoules:0.######} | {table[a].Source} |"));
        md.AppendLine();
    }

    private static void PaperComparison(StringBuilder md, TextWriter console, List<SizedDesign> sized, List<Workload> gemm, List<Workload> gemv,
        Dictionary<string, (double Cosine, string Source)> q)
    {
        Workload G(List<Workload> l, string n) => l.Single(r => r.Design.Name == n);
        SizedDesign S(string n) => sized.Single(s => s.Design.Name == n);
        double density(string n) => PeakTops(S(n).Design) / (S(n).SquareMicrons / 1e6);
        string Verdict(double x) => x > 1.02 ? "ahead" : x < 0.98 ? "behind" : "level";
        double sGemmOlive = G(gemm, "olive").Seconds / G(gemm, "microscopiq").Seconds, sGemvOlive = G(gemv, "olive").Seconds / G(gemv, "microscopiq").Seconds;
        double sGemmInt8 = G(gemm, "int8").Seconds / G(gemm, "microscopiq").Seconds;
        double eGemm = G(gemm, "olive").Energy.Attojoules / (double)G(gemm, "microscopiq").Energy.Attojoules;
        double eGemv = G(gemv, "olive").Energy.Attojoules / (double)G(gemv, "microscopiq").Energy.Attojoules;
        double dens = density("microscopiq") / density("olive");
        md.AppendLine("### Against the paper (MicroScopiQ, ISCA 2025)\n");
        md.AppendLine("| claim | paper | ours | MicroScopiQ is |\n|---|---|---|---|");
        md.AppendLine(string.Create(Inv, $"| speed-up over OliVe | ≈ 2–3× | GEMM {sGemmOlive:0.00}×, GEMV {sGemvOlive:0.00}× | {Verdict(sGemmOlive)} (GEMM), {Verdict(sGemvOlive)} (GEMV) |"));
        md.AppendLine(string.Create(Inv, $"| speed-up over baselines | 1.5–2.47× | over INT8 GEMM {sGemmInt8:0.00}×, over MX-INT-4 GEMM {G(gemm, "mxint4").Seconds / G(gemm, "microscopiq").Seconds:0.00}× | {Verdict(sGemmInt8)} (vs INT8, GEMM) |"));
        md.AppendLine(string.Create(Inv, $"| energy vs OliVe | ≈ 2× lower | OliVe / MicroScopiQ: GEMM {eGemm:0.00}×, GEMV {eGemv:0.00}× | {(eGemm > 1 ? "lower" : "higher")} energy (GEMM) |"));
        md.AppendLine(string.Create(Inv, $"| compute density | 367.5 vs 184.3 TOPS/mm² (1.99×) | {density("microscopiq"):0.0} vs {density("olive"):0.0} TOPS/mm² ({dens:0.00}×) | {Verdict(dens)} |"));
        if (q.TryGetValue("microscopiq", out var cm) && q.TryGetValue("olive", out var co))
            md.AppendLine(string.Create(Inv, $"| quality | better than OliVe | cosine {cm.Cosine:0.0000} vs {co.Cosine:0.0000} | {(cm.Cosine > co.Cosine ? "better" : "worse")} |"));
        md.AppendLine();
        long weights = TotalWeights(G(gemv, "microscopiq"));
        string PerCycle(Workload r) => F(weights / (double)r.Cycles, "0.0");
        string Largest(Workload r) => CategoryLabel(Enum.GetValues<EnergyCategory>().OrderByDescending(c => r.Energy.Category(c)).First());
        double supportShare = S("microscopiq").Area.At(S("microscopiq").Design.Rows, S("microscopiq").Design.Cols).SquareMicrons is var total && total > 0
            ? 1 - (double)S("microscopiq").Design.Rows * S("microscopiq").Design.Cols * S("microscopiq").Area.Pe.SquareMicrons / total : 0;
        double peakRatio = PeakTops(S("microscopiq").Design) / PeakTops(S("olive").Design);
        md.AppendLine("Why the figures are what they are, and where they part from the paper (computed from the tables above; nothing is tuned):");
        md.AppendLine($"- **Density**: our area is yosys generic cells under one NAND2/DFF rule, not a standard-cell flow at the paper's node, so absolute TOPS/mm² are not comparable; the ratio is. At equal area MicroScopiQ has {peakRatio:0.00}× OliVe-style's peak MACs per cycle: everything but its PEs (ReCoN, merge, correction chain, metadata banks, deskew, control) is {supportShare:P0} of its area. Our OliVe-style PE multiplies the decoded 8-bit weight (an outlier reaches 96), so it is an INT8 PE; the paper's OliVe PE is a 4-bit PE with an exponent shift, which would make OliVe denser than ours.");
        md.AppendLine($"- **GEMM** ({G(gemm, "microscopiq").DramBoundShare:P0} of MicroScopiQ's time DRAM-bound): speed follows peak MACs per cycle at equal area and the tile overheads (loads, latency, the mac-array's single-buffered drain), so MicroScopiQ's speed-up over OliVe-style ({sGemmOlive:0.00}×) tracks its peak-MAC ratio ({peakRatio:0.00}×).");
        md.AppendLine($"- **GEMV** ({G(gemv, "microscopiq").DramBoundShare:P0} of MicroScopiQ's time DRAM-bound): with one token per tile the array waits for weight rows, one row per cycle, so time follows weights loaded per cycle: " +
            string.Join(", ", gemv.Select(r => $"{r.Design.Name} {PerCycle(r)}")) + " weights/cycle. DRAM at each format's stored width is " + (G(gemv, "microscopiq").DramBoundShare > 0.5 ? "the limit, so fewer stored bits win directly." : "not the limit at this clock, so the fewer bits of the 4-bit formats save DRAM energy rather than time."));
        md.AppendLine($"- **Energy**: the largest category is {Largest(G(gemm, "microscopiq"))} for MicroScopiQ's GEMM and {Largest(G(gemv, "microscopiq"))} for its GEMV; its ReCoN/merge actions are {G(gemm, "microscopiq").Energy.Category(EnergyCategory.ReconDecoders) / (double)G(gemm, "microscopiq").Energy.Attojoules:P1} of its GEMM energy. Per-action figures are 45 nm estimates (docs/energy-model.md); INT8, MX-INT-4 and OliVe-style counts are their golden models' counters (the counters their RTL is co-simulated against), MicroScopiQ's its schedule checked against its golden model.\n");
        console.WriteLine(string.Create(Inv, $"  MicroScopiQ vs OliVe-style: GEMM {sGemmOlive:0.00}x, GEMV {sGemvOlive:0.00}x faster; energy OliVe / MicroScopiQ GEMM {eGemm:0.00}x, GEMV {eGemv:0.00}x; density {dens:0.00}x"));
    }

    /// <summary>Weights of the workload (all layers, whole model), from the DRAM bits at the design's stored width.</summary>
    private static long TotalWeights(Workload r) => r.Layers.Layers.Sum(l => (long)l.Out * l.In) * (6 / r.Layers.EncoderLayers);

    private static string CategoryLabel(EnergyCategory c) => c switch
    {
        EnergyCategory.PeArray => "PE array",
        EnergyCategory.Buffers => "buffers (SRAM)",
        EnergyCategory.ReconDecoders => "ReCoN / decoders",
        _ => "DRAM",
    };

    // ---------------------------------------------------------------- figures
    private static Figure Throughput(List<Workload> gemm, List<Workload> gemv) => new("accelerators-throughput",
        "Throughput at equal area, relative to MicroScopiQ: GEMM (passages/s) and GEMV (tokens/s)", plot =>
        {
            var palette = new ScottPlot.Palettes.Category10();
            double mg = gemm.Single(r => r.Design.Name == "microscopiq").InferencesPerSecond, mv = gemv.Single(r => r.Design.Name == "microscopiq").InferencesPerSecond;
            var bars = new List<ScottPlot.Bar>();
            for (int i = 0; i < gemm.Count; i++)
            {
                bars.Add(new ScottPlot.Bar { Position = 3 * i, Value = gemm[i].InferencesPerSecond / mg, FillColor = palette.GetColor(0) });
                bars.Add(new ScottPlot.Bar { Position = 3 * i + 1, Value = gemv[i].InferencesPerSecond / mv, FillColor = palette.GetColor(1) });
            }
            plot.Add.Bars(bars);
            plot.Axes.Bottom.SetTicks([.. gemm.Select((_, i) => 3.0 * i + 0.5)], [.. gemm.Select(r => r.Design.Name)]);
            plot.Axes.Left.Label.Text = "throughput / MicroScopiQ's";
            plot.Legend.ManualItems.Add(new ScottPlot.LegendItem { LabelText = "GEMM", FillColor = palette.GetColor(0) });
            plot.Legend.ManualItems.Add(new ScottPlot.LegendItem { LabelText = "GEMV", FillColor = palette.GetColor(1) });
            plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        }, "the iso-area speed-up comparison of MicroScopiQ (ISCA 2025)");

    private static Figure EnergyBars(string stem, string caption, List<Workload> runs, string unit) => new(stem, caption, plot =>
    {
        var palette = new ScottPlot.Palettes.Category10();
        var cats = Enum.GetValues<EnergyCategory>();
        var bars = new List<ScottPlot.Bar>();
        for (int i = 0; i < runs.Count; i++)
        {
            double b = 0;
            foreach (var (c, ci) in cats.Select((c, ci) => (c, ci)))
            {
                double v = runs[i].MicrojoulesPerInference(c);
                bars.Add(new ScottPlot.Bar { Position = i, ValueBase = b, Value = b + v, FillColor = palette.GetColor(ci) });
                b += v;
            }
        }
        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks([.. runs.Select((_, i) => (double)i)], [.. runs.Select(r => r.Design.Name)]);
        plot.Axes.Left.Label.Text = unit;
        foreach (var (c, ci) in cats.Select((c, ci) => (c, ci)))
            plot.Legend.ManualItems.Add(new ScottPlot.LegendItem { LabelText = CategoryLabel(c), FillColor = palette.GetColor(ci) });
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
    }, "the energy comparison of MicroScopiQ (ISCA 2025)");
}
