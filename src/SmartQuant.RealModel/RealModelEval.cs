using System.Diagnostics;
using SmartQuant.Quant.Numerics;

namespace SmartQuant.RealModel;

/// <summary>What `smartquant eval` runs. Defaults are the documented evaluation (docs/real-model.md).</summary>
public sealed record EvalOptions
{
    public IReadOnlyList<string> Methods { get; init; } = QuantMethod.All;
    public IReadOnlyList<int> Bits { get; init; } = [2, 4];
    /// <summary>Passages whose activations calibrate GPTQ.</summary>
    public int CalibrationPassages { get; init; } = 256;
    /// <summary>Held-out passages of the end-to-end figures (embedding cosine, neighbours).</summary>
    public int EvaluationPassages { get; init; } = 1024;
    /// <summary>The first this-many held-out passages also give the held-out activations of the per-layer errors.</summary>
    public int ErrorPassages { get; init; } = 256;
    public ulong Seed { get; init; } = 1;
    /// <summary>Quantize only the first this-many linear layers (the rest stay FP32); null = all.</summary>
    public int? Layers { get; init; }
    public string FortuneDirectory { get; init; } = FortunePassages.DefaultDirectory;
    /// <summary>The model package's DLL or folder; null = the restored package.</summary>
    public string? Package { get; init; }
    public int Batch { get; init; } = 16;
    public int Threads { get; init; } = 2;
    /// <summary>When set, each evaluated variant is exported into Export/&lt;method&gt;-bb&lt;bits&gt;/.</summary>
    public string? Export { get; init; }
    /// <summary>Export only: skip the per-layer errors and the end-to-end run.</summary>
    public bool ExportOnly { get; init; }
    /// <summary>
    /// How "microscopiq" is calibrated: on the FP32 model's inputs, sequentially on the partially quantized model's
    /// (rows labelled <see cref="CalibrationModes.SequentialLabel"/>), or both side by side.
    /// </summary>
    public IReadOnlyList<CalibrationMode> Calibrations { get; init; } = [CalibrationMode.Fp32];
}

public sealed record LayerRow(string Method, int Bits, string Layer, string Kind, int Out, int In, double RelativeError,
    double OutlierShare, double EbwWeights, double EbwMetadata);

/// <summary>One method at one width, over the quantized layers (EBW and outlier share weighted by parameters).</summary>
public sealed record MethodRow(string Method, int Bits, double MeanRelativeError, double EbwWeights, double EbwMetadata,
    double OutlierShare, double MeanCosine, double P5Cosine, double NeighbourAgreement, double Seconds);

public sealed record EvalResult(int LayerCount, int QuantizedLayers, int Available, int CalibrationPassages, int CalibrationTokens,
    int EvaluationPassages, int ErrorPassages, int ErrorTokens, ulong Seed, List<LayerRow> Layers, List<MethodRow> Methods, double Seconds);

/// <summary>
/// The real-model evaluation: FP32 reference embeddings and activations from the encoder with every linear layer's
/// input exposed, then for each method and width every (or the first n) encoder linear layer quantized, the per-layer
/// error on held-out activations, and the model rebuilt with the dequantized weights and run end to end.
/// </summary>
public sealed class RealModelEval(EvalOptions options, Action<string>? log = null, Action<string, int, int>? progress = null)
{
    private readonly Action<string> _log = log ?? (_ => { });
    private readonly Action<string, int, int> _progress = progress ?? ((_, _, _) => { });

    public EvalResult Run()
    {
        var o = options;
        foreach (var m in o.Methods) foreach (var b in o.Bits) if (QuantMethod.Supports(m, b)) QuantMethod.Validate(m, b);
        if (o.Calibrations.Count == 0) throw new ArgumentException("at least one calibration mode is needed");
        if (o.ErrorPassages > o.EvaluationPassages) throw new ArgumentException($"error passages ({o.ErrorPassages}) must not exceed evaluation passages ({o.EvaluationPassages})");
        var total = Stopwatch.StartNew();
        var package = ModelPackage.Load(o.Package);
        var graph = EncoderGraph.FromPackage(package);
        var tokenizer = new PassageTokenizer(package.VocabBytes);
        var split = FortunePassages.Split(FortunePassages.ReadAll(o.FortuneDirectory), o.CalibrationPassages, o.EvaluationPassages, o.Seed);
        var layers = graph.Layers.Take(o.Layers ?? graph.Layers.Count).ToList();
        if (o.Layers is int nl && (nl <= 0 || nl > graph.Layers.Count)) throw new ArgumentException($"--layers must lie in 1..{graph.Layers.Count}, got {nl}");
        _log($"model: {package.DllPath}: {graph.Layers.Count} encoder linear layers, quantizing {layers.Count}; passages: {split.Available} usable, " +
             $"{split.Calibration.Count} calibration + {split.Evaluation.Count} held-out (seed {split.Seed})");
        var calTok = tokenizer.EncodeAll(split.Calibration);
        var evalTok = tokenizer.EncodeAll(split.Evaluation);
        var inputs = layers.Select(l => l.Input).Distinct().ToList();
        bool needCal = o.Methods.Any(QuantMethod.NeedsCalibration);
        CapturedActivations? cal = null;
        float[][]? reference = null;
        var errors = new Dictionary<string, LayerError>();
        int errTokens = 0;
        using (var fp32 = new EncoderRunner(graph.Build(extraOutputs: inputs), o.Threads))
        {
            if (needCal)
                cal = fp32.Run(calTok, o.Batch, inputs, (d, t) => _progress("FP32 calibration activations", d, t)).Captured;
            if (!o.ExportOnly)
            {
                var errTok = evalTok.Take(o.ErrorPassages).ToList();
                var held = fp32.Run(errTok, o.Batch, inputs, (d, t) => _progress("FP32 held-out activations", d, t)).Captured!;
                errTokens = held.Tokens;
                int gi = 0;
                foreach (var name in inputs)
                {
                    errors[name] = new LayerError(held.Inputs[name], held.Features[name], held.Tokens);
                    _progress("held-out Gram matrices", ++gi, inputs.Count);
                }
            }
        }
        if (!o.ExportOnly)
        {
            using var plain = new EncoderRunner(graph.Build(), o.Threads);
            reference = plain.Embed(evalTok, o.Batch, progress: (d, t) => _progress("FP32 embeddings", d, t));
        }
        var layerRows = new List<LayerRow>();
        var methodRows = new List<MethodRow>();
        // One Hessian and factor per distinct FP32 layer input, shared by the layers reading it and by both widths.
        var shared = cal is null ? null : new SharedCalibration(cal);
        // Each method once; real-activation GPTQ once per calibration mode asked for.
        var variants = o.Methods.SelectMany(m => m == "microscopiq"
            ? o.Calibrations.Distinct().Select(c => (Method: m, Mode: c))
            : [(Method: m, Mode: CalibrationMode.Fp32)]).ToList();
        foreach (int bits in o.Bits)
            foreach (var (method, mode) in variants)
            {
                if (!QuantMethod.Supports(method, bits)) continue;
                var sw = Stopwatch.StartNew();
                string name = mode == CalibrationMode.Sequential ? CalibrationModes.SequentialLabel : method;
                string label = $"{name} bb={bits}";
                var rows = new List<LayerRow>();
                float[] QuantizeLayer(LinearLayer l, CalibrationInput? ci)
                {
                    int li = layers.IndexOf(l);
                    var w = graph.Weight(l);
                    QuantizedLayer q;
                    try
                    {
                        if (ci is not null) q = QuantMethod.Quantize(method, bits, w, l.Out, l.In, ci);
                        else if (method == "microscopiq-synthcal")
                            q = QuantMethod.Quantize(method, bits, w, l.Out, l.In, QuantMethod.SyntheticCalibration(l.In, cal!.Tokens, o.Seed + 1 + (ulong)li), cal.Tokens);
                        else q = QuantMethod.Quantize(method, bits, w, l.Out, l.In);
                    }
                    catch (ArgumentException e) { throw new ArgumentException($"layer {l.Name} [{l.Out}x{l.In}] cannot be quantized by {method}: {e.Message}"); }
                    double err = o.ExportOnly ? double.NaN : errors[l.Input].Relative(w, q.Dequantized, l.Out);
                    rows.Add(new LayerRow(name, bits, l.Name, l.Kind, l.Out, l.In, err, q.OutlierShare, q.EbwWeights, q.EbwMetadata));
                    _progress($"{label}: quantizing layers", rows.Count, layers.Count);
                    return q.Dequantized;
                }
                Dictionary<string, float[]> weights;
                if (mode == CalibrationMode.Sequential)
                    weights = new SequentialCalibration(graph, calTok, o.Batch, o.Threads, _progress).Run(layers, QuantizeLayer);
                else
                    weights = layers.ToDictionary(l => l.Name, l => QuantizeLayer(l, method == "microscopiq" ? shared!.For(l) : null));
                // Rows in graph order whatever order the stages quantized them in.
                rows = rows.OrderBy(r => layers.FindIndex(l => l.Name == r.Layer)).ToList();
                var onnx = graph.Build(weights);
                if (o.Export is string dir) ModelExporter.Write(Path.Combine(dir, $"{name}-bb{bits}"), onnx, layers, weights);
                EmbeddingAgreement agree = new(double.NaN, double.NaN, double.NaN);
                if (!o.ExportOnly)
                {
                    using var run = new EncoderRunner(onnx, o.Threads);
                    var emb = run.Embed(evalTok, o.Batch, progress: (d, t) => _progress($"{label}: held-out embeddings", d, t));
                    agree = EmbeddingMetrics.Compare(reference!, emb);
                }
                double pw = rows.Sum(r => (double)r.Out * r.In);
                var mr = new MethodRow(name, bits, rows.Average(r => r.RelativeError),
                    rows.Sum(r => r.EbwWeights * r.Out * r.In) / pw, rows.Sum(r => r.EbwMetadata * r.Out * r.In) / pw,
                    rows.Sum(r => r.OutlierShare * r.Out * r.In) / pw, agree.MeanCosine, agree.P5Cosine, agree.NeighbourAgreement, sw.Elapsed.TotalSeconds);
                layerRows.AddRange(rows);
                methodRows.Add(mr);
                _log(o.ExportOnly
                    ? $"{label}: exported to {Path.Combine(o.Export!, $"{name}-bb{bits}")} ({mr.Seconds:F1} s)"
                    : FormattableString.Invariant($"{label}: layer error {mr.MeanRelativeError:F4}, EBW {mr.EbwMetadata:F3}, cosine mean {mr.MeanCosine:F4} p5 {mr.P5Cosine:F4}, neighbours {mr.NeighbourAgreement:F3} ({mr.Seconds:F1} s)"));
            }
        return new EvalResult(graph.Layers.Count, layers.Count, split.Available, split.Calibration.Count, cal?.Tokens ?? 0,
            split.Evaluation.Count, o.ExportOnly ? 0 : Math.Min(o.ErrorPassages, split.Evaluation.Count), errTokens, o.Seed, layerRows, methodRows, total.Elapsed.TotalSeconds);
    }
}
