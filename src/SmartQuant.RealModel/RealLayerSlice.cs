using SmartQuant.Quant.MicroScopiQ;

namespace SmartQuant.RealModel;

/// <summary>What <see cref="RealLayerSlice.Extract"/> takes from the real model. Defaults are the documented run (docs/real-model.md, "The accelerator on real layers").</summary>
public sealed record RealLayerOptions
{
    /// <summary>One attention projection and the FFN-down layer with the strongest weight outliers of the model.</summary>
    public IReadOnlyList<string> Layers { get; init; } = [RealLayerSlice.AttentionLayer, RealLayerSlice.FfnDownLayer];
    public IReadOnlyList<int> Bits { get; init; } = [2, 4];
    /// <summary>Calibration passages (GPTQ Hessian and the activation scale); the same seeded split as `smartquant eval`.</summary>
    public int CalibrationPassages { get; init; } = 256;
    /// <summary>Held-out tokens kept as INT8 activations (the first this-many real tokens of the held-out passages).</summary>
    public int Tokens { get; init; } = 256;
    public ulong Seed { get; init; } = 1;
    public string FortuneDirectory { get; init; } = FortunePassages.DefaultDirectory;
    /// <summary>The model package's DLL or folder; null = the restored package.</summary>
    public string? Package { get; init; }
    public int Threads { get; init; } = 2;
}

/// <summary>
/// One real layer as the accelerator sees it: the MicroScopiQ-quantized weights (GPTQ on real calibration
/// activations) and real held-out activations as INT8 codes.
/// </summary>
/// <param name="Weights">W[Out × In] in the packed format's content (column k = input feature k = one PE row).</param>
/// <param name="Activations">INT8 codes [Tokens × In], token-major: x_int = clamp(round(x / Scale), −127, 127).</param>
/// <param name="Scale">Per-tensor symmetric scale = max|x| over the calibration tokens / 127.</param>
/// <param name="Clipped">Held-out activation values beyond ±127·Scale (clamped).</param>
/// <param name="ZeroCodes">Held-out activation values that quantize to 0.</param>
public sealed record RealLayerQuantized(LinearLayer Layer, int Bits, QuantizedTensor Weights, double OutlierShare,
    sbyte[] Activations, int Tokens, double Scale, int CalibrationTokens, long Clipped, long ZeroCodes);

/// <summary>
/// Takes real layers of all-MiniLM-L6-v2 to the accelerator's integer domain: the layer's input is captured from
/// the FP32 model on the calibration passages, the weights are quantized by MicroScopiQ with GPTQ on those
/// activations, and the layer's held-out input (evaluation passages of the same split) becomes INT8 with a
/// per-tensor symmetric scale from the calibration passages (static activation quantization: one scale per layer
/// input, fixed before deployment, as an integer datapath needs). Only the quantizer and ONNX Runtime are used here;
/// the golden model and the co-simulation consume the result as plain arrays (docs/real-model.md, "The accelerator on real layers").
/// </summary>
public static class RealLayerSlice
{
    public const string AttentionLayer = "encoder.layer.0.attention.self.query";
    /// <summary>The FFN-down of block 0: the largest max|w|/σ of the six FFN-down layers, 175 (RealLayerTests checks it).</summary>
    public const string FfnDownLayer = "encoder.layer.0.output.dense";

    public static List<RealLayerQuantized> Extract(RealLayerOptions o, Action<string>? log = null)
    {
        if (o.Tokens < 1) throw new ArgumentException($"need at least one held-out token, got {o.Tokens}");
        if (o.Bits.Any(b => b is not (2 or 4))) throw new ArgumentException($"bits must be 2 or 4, got {string.Join(", ", o.Bits)}");
        var package = ModelPackage.Load(o.Package);
        var graph = EncoderGraph.FromPackage(package);
        var layers = o.Layers.Select(graph.Layer).ToList();
        var tokenizer = new PassageTokenizer(package.VocabBytes);
        // Enough held-out passages for the tokens (every passage has at least a few tokens); the split is the eval's.
        var all = FortunePassages.ReadAll(o.FortuneDirectory);
        int evalPassages = Math.Min(all.Count - o.CalibrationPassages, Math.Max(16, o.Tokens / 4));
        var split = FortunePassages.Split(all, o.CalibrationPassages, evalPassages, o.Seed);
        var inputs = layers.Select(l => l.Input).Distinct().ToList();
        CapturedActivations cal, held;
        using (var fp32 = new EncoderRunner(graph.Build(extraOutputs: inputs), o.Threads))
        {
            cal = fp32.Run(tokenizer.EncodeAll(split.Calibration), capture: inputs).Captured!;
            held = fp32.Run(tokenizer.EncodeAll(split.Evaluation), capture: inputs).Captured!;
        }
        if (held.Tokens < o.Tokens) throw new InvalidDataException($"the {split.Evaluation.Count} held-out passages hold only {held.Tokens} tokens, {o.Tokens} asked");
        log?.Invoke($"real layers: {cal.Tokens} calibration tokens ({split.Calibration.Count} passages), {o.Tokens} held-out tokens (seed {o.Seed})");
        var result = new List<RealLayerQuantized>();
        foreach (var l in layers)
        {
            var w = graph.Weight(l);
            var xc = cal.Of(l);
            double scale = ActivationScale(xc);
            var (codes, clipped, zeros) = QuantizeActivations(held.Of(l), l.In, held.Tokens, o.Tokens, scale);
            foreach (int bb in o.Bits)
            {
                QuantizationResult q;
                try { q = MicroScopiQQuantizer.Quantize(w, l.Out, l.In, new MicroScopiQOptions(bb), xc, cal.Tokens); }
                catch (ArgumentException e) { throw new ArgumentException($"layer {l.Name} [{l.Out}x{l.In}] cannot be quantized by MicroScopiQ: {e.Message}"); }
                result.Add(new RealLayerQuantized(l, bb, q.Tensor!, q.OutlierFraction, codes, o.Tokens, scale, cal.Tokens, clipped, zeros));
                log?.Invoke(FormattableString.Invariant($"real layer {l.Name} [{l.Out}x{l.In}] bb={bb}: outliers {q.OutlierFraction:P2}, activation scale {scale:G6}"));
            }
        }
        return result;
    }

    /// <summary>max|x| / 127 over X (any layout); 1 when X is all zero.</summary>
    public static double ActivationScale(ReadOnlySpan<float> x)
    {
        double amax = 0;
        foreach (float v in x) amax = Math.Max(amax, Math.Abs(v));
        return amax == 0 ? 1 : amax / 127;
    }

    /// <summary>
    /// The first <paramref name="tokens"/> tokens of X[K × T] (feature-major) as INT8 codes [tokens × K] token-major,
    /// round half away from zero, clamped to ±127 (the symmetric range; −128 is not used).
    /// </summary>
    public static (sbyte[] Codes, long Clipped, long Zeros) QuantizeActivations(ReadOnlySpan<float> x, int k, int t, int tokens, double scale)
    {
        var codes = new sbyte[(long)tokens * k];
        long clipped = 0, zeros = 0;
        for (int j = 0; j < tokens; j++)
            for (int f = 0; f < k; f++)
            {
                double v = Math.Round(x[f * t + j] / scale, MidpointRounding.AwayFromZero);
                if (Math.Abs(v) > 127) { clipped++; v = Math.Sign(v) * 127; }
                if (v == 0) zeros++;
                codes[(long)j * k + f] = (sbyte)v;
            }
        return (codes, clipped, zeros);
    }
}
