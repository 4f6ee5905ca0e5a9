using System.Diagnostics;
using SmartQuant.Models.Cxl.Experiment;
using SmartQuant.Quant.BitPlanes;

namespace SmartQuant.RealModel.Context;

/// <summary>
/// Issue 15 end to end: per-passage importance on the FP32 model, overlap statistics, every precision policy and
/// baseline served from the store (fidelity through ONNX Runtime with weights as session inputs; DRAM energy, link
/// bytes and load time through the cxl-store golden model and link model). docs/context-precision.md.
/// </summary>
public sealed class ContextExperiment(ContextOptions options, Action<string>? log = null)
{
    private readonly Action<string> _log = log ?? (_ => { });

    public ContextResult Run()
    {
        var o = options;
        var total = Stopwatch.StartNew();
        var package = ModelPackage.Load(o.Package);
        var graph = EncoderGraph.FromPackage(package);
        var tokenizer = new PassageTokenizer(package.VocabBytes);
        var split = FortunePassages.Split(FortunePassages.ReadAll(o.FortuneDirectory), o.CalibrationPassages, o.EvaluationPassages, o.Seed);
        var blocks = EncoderBlock.Of(graph);
        int served = o.Blocks ?? blocks.Count;
        if (served < 1 || served > blocks.Count) throw new ArgumentException($"blocks must be 1…{blocks.Count}, got {served}");
        var cal = tokenizer.EncodeAll(split.Calibration);
        var eval = tokenizer.EncodeAll(split.Evaluation);

        _log($"importance: {cal.Count} calibration + {eval.Count} evaluation passages, FP32");
        var calImp = UnitImportance.Measure(graph, blocks, cal, threads: o.Threads);
        var evalImp = UnitImportance.Measure(graph, blocks, eval, threads: o.Threads);
        var overlap = o.OverlapFractions.ToDictionary(f => f, f => ImportanceOverlap.Measure(calImp, evalImp, f));
        var predictor = ImportancePredictor.Train(calImp, o.PredictorRank, o.Seed);
        var scores = new PolicyScores(calImp, predictor);

        _log($"store: {served} encoder blocks as INT8 bit planes");
        using var model = new ServedModel(graph, blocks, served, o.Threads);
        var fp32 = model.Fp32Weights();
        var reference = model.Embed(eval, fp32);
        long servedWeights = model.Blocks.Sum(b => (long)b.Blocks * BitPlaneStore.BlockWeights);
        var predictorBlocks = predictor.Parameters.Take(served).Select(p => (p + BitPlaneStore.BlockWeights - 1) / BitPlaneStore.BlockWeights).ToArray();
        int hidden = blocks[0].Hidden;
        double scaleBits = 16.0 / StoredBlock.RowLength;

        var rows = new List<PolicyRow>();
        foreach (var (policy, rounding) in Policies(o))
        {
            var sw = Stopwatch.StartNew();
            bool perPassage = policy.Kind is PolicyKind.Oracle or PolicyKind.Predictor;
            var bits = evalImp.Select(p => Restrict(scores.For(policy, p), served)).ToList();
            var blockBits = bits.Select(model.BlockBits).ToList();
            float[][] emb;
            var weights = model.Fp32Weights();
            if (!perPassage)
            {
                model.Serve(blockBits[0], rounding, weights);
                emb = model.Embed(eval, weights);
            }
            else
            {
                emb = new float[eval.Count][];
                for (int p = 0; p < eval.Count; p++)
                {
                    model.Serve(blockBits[p], rounding, weights);
                    emb[p] = model.Embed([eval[p]], weights)[0];
                }
            }
            var agreement = EmbeddingMetrics.Compare(reference, emb);
            bool usesPredictor = policy.Kind == PolicyKind.Predictor;
            double linkBits = blockBits.Average(bb => (double)bb.Sum(x => x.Sum()) * BitPlaneStore.BlockWeights / servedWeights)
                + (usesPredictor ? 8.0 * predictorBlocks.Sum() * BitPlaneStore.BlockWeights / servedWeights : 0) + scaleBits;
            var loads = Enumerable.Range(0, perPassage ? Math.Min(o.StorePassages, eval.Count) : 1)
                .Select(p => StoreServing.Load(Trace(blockBits[p], usesPredictor ? predictorBlocks : null), rounding == ViewRounding.GuardPlane))
                .ToList();
            double recall = usesPredictor ? evalImp.Select((p, i) => Recall(Restrict(scores.For(policy with { Kind = PolicyKind.Oracle }, p), served), bits[i], policy.High)).Average() : double.NaN;
            string round = policy.Kind == PolicyKind.Uniform && policy.High == 8 ? "—" : rounding == ViewRounding.GuardPlane ? "guard" : "truncate";
            rows.Add(new PolicyRow(policy.Name, policy.Kind.ToString().ToLowerInvariant(), round, bits.Average(b => b.MeanBits(hidden)), linkBits,
                agreement.MeanCosine, agreement.P5Cosine, agreement.NeighbourAgreement,
                loads.Average(l => l.Energy.TotalPj) / 1e6, loads.Average(l => l.LoadNs) / 1e3,
                loads.Average(l => (double)l.LinkBytes) / 1e6, loads.Average(l => (double)l.DramBytes) / 1e6, recall));
            _log(FormattableString.Invariant($"{policy.Name} {round}: cos {agreement.MeanCosine:F4}, {linkBits:F2} b/w, {rows[^1].EnergyUj:F1} µJ, {rows[^1].LoadUs:F1} µs ({sw.Elapsed.TotalSeconds:F0} s)"));
        }

        // GPTQ baselines (MicroScopiQ as the real-model eval runs it) calibrate on the FP32 inputs of the calibration
        // passages: captured once, one Hessian and factor per distinct layer input, shared by every GPTQ baseline.
        SharedCalibration? gptq = null;
        SharedCalibration Gptq()
        {
            if (gptq is not null) return gptq;
            var inputs = blocks.Take(served).SelectMany(x => x.Layers).Select(l => l.Input).Distinct().ToList();
            _log($"GPTQ calibration: FP32 activations of {inputs.Count} layer inputs over {cal.Count} calibration passages");
            using var runner = new EncoderRunner(graph.Build(extraOutputs: inputs), o.Threads);
            return gptq = new SharedCalibration(runner.Run(cal, capture: inputs).Captured!);
        }

        foreach (var method in o.Baselines)
            foreach (var b in o.BaselineBits.Where(b => QuantMethod.Supports(method, b)))
            {
                var weights = model.Fp32Weights();
                double ebw = 0;
                foreach (var l in blocks.Take(served).SelectMany(x => x.Layers))
                {
                    var q = method == "microscopiq"
                        ? QuantMethod.Quantize(method, b, graph.Weight(l), l.Out, l.In, Gptq().For(l))
                        : QuantMethod.Quantize(method, b, graph.Weight(l), l.Out, l.In);
                    ebw += q.EbwMetadata * l.Out * l.In / servedWeights;
                    var t = weights[l.Initializer];
                    for (int r = 0; r < l.Out; r++)
                        for (int i = 0; i < l.In; i++) t[(long)i * l.Out + r] = q.Dequantized[(long)r * l.In + i];
                }
                var agreement = EmbeddingMetrics.Compare(reference, model.Embed(eval, weights));
                var load = StoreServing.Load(Enumerable.Repeat(8, StoreServing.PackedBlocks(servedWeights, ebw)).ToArray(), guardPlane: false);
                rows.Add(new PolicyRow($"{method} {b}", "baseline", "packed", b, ebw, agreement.MeanCosine, agreement.P5Cosine, agreement.NeighbourAgreement,
                    load.Energy.TotalPj / 1e6, load.LoadNs / 1e3, load.LinkBytes / 1e6, load.DramBytes / 1e6, double.NaN));
                _log(FormattableString.Invariant($"{method} {b}: cos {agreement.MeanCosine:F4}, {ebw:F3} b/w, {rows[^1].EnergyUj:F1} µJ"));
            }

        return new ContextResult(cal.Count, eval.Count, cal.Sum(p => p.Length), eval.Sum(p => p.Length), o.Seed, served, servedWeights,
            overlap, rows, predictor.Parameters.Take(served).Sum(), total.Elapsed.TotalSeconds);
    }

    /// <summary>The policies in table order, each with the roundings it is run at.</summary>
    public static IEnumerable<(PrecisionPolicy Policy, ViewRounding Rounding)> Policies(ContextOptions o)
    {
        ViewRounding[] roundings = o.BothRoundings ? [ViewRounding.Truncate, ViewRounding.GuardPlane] : [ViewRounding.Truncate];
        foreach (var k in o.Uniform)
            foreach (var r in k == 8 ? [ViewRounding.Truncate] : roundings) yield return (PrecisionPolicy.Uniform(k), r);
        foreach (var kind in new[] { PolicyKind.Static, PolicyKind.Oracle, PolicyKind.Predictor })
            foreach (var (hi, lo) in o.Widths)
                foreach (var f in o.Fractions)
                    foreach (var r in roundings) yield return (new PrecisionPolicy(kind, hi, lo, f, f), r);
    }

    /// <summary>The load of one passage in store order: per served block, the predictor's parameters (8-bit, read first) then its weights.</summary>
    private static int[] Trace(int[][] blockBits, int[]? predictorBlocks) =>
        [.. blockBits.SelectMany((bb, i) => predictorBlocks is null ? bb : Enumerable.Repeat(8, predictorBlocks[i]).Concat(bb))];

    private static UnitBits Restrict(UnitBits b, int served) => new(b.Heads[..served], b.Neurons[..served]);

    private static double Recall(UnitBits oracle, UnitBits predicted, int high)
    {
        long hit = 0, want = 0;
        foreach (var (a, p) in oracle.Heads.Concat(oracle.Neurons).Zip(predicted.Heads.Concat(predicted.Neurons)))
            for (int u = 0; u < a.Length; u++)
                if (a[u] == high) { want++; if (p[u] == high) hit++; }
        return want == 0 ? 1 : (double)hit / want;
    }
}
