using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SmartQuant.Emit;
using SmartQuant.Quant.MicroScopiQ;
using SmartQuant.Quant.Numerics;
using SmartQuant.Quant.Quality;
using SmartQuant.Quant.Sources;

namespace SmartQuant.Cli.Commands;

/// <summary>`smartquant quantize`: MicroScopiQ-quantize one weight matrix to the packed format, or print the ablation table.</summary>
public static class QuantizeCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo?>("--in") { Description = "safetensors file holding the weight matrix [N×K] (N output channels)" };
        var tensor = new Option<string?>("--tensor") { Description = "tensor name inside --in (default: the only 2-D tensor)" };
        var synthetic = new Option<string?>("--synthetic") { Description = "use a synthetic LLM-like layer of shape NxK, e.g. 4096x4096" };
        var seed = new Option<ulong>("--seed") { Description = "seed of the synthetic layer and calibration activations", DefaultValueFactory = _ => 1 };
        var bits = new Option<int>("--bits") { Description = "inlier bits bb: 2 or 4", DefaultValueFactory = _ => 2 };
        var output = new Option<DirectoryInfo?>("--out") { Description = "output directory (tensor.sqmq, weights.bin, metadata.bin, summary.json)" };
        var tokens = new Option<int>("--calib-tokens") { Description = "calibration tokens for the GPTQ Hessian (synthetic activations)", DefaultValueFactory = _ => 256 };
        var noGptq = new Option<bool>("--no-gptq") { Description = "skip GPTQ error compensation" };
        var outlierMean = new Option<double>("--act-outlier-mean")
        {
            Description = "synthetic activations: share (0–1) of an outlier input feature's extra energy that is a token-constant value of fixed sign (0 = zero-mean outlier features, the default)",
        };
        var calib = new Option<FileInfo[]>("--calib")
        {
            Description = "safetensors file of real calibration activations [T×K], token-major (repeat for several files; streamed batch by batch); the GPTQ Hessian comes from them instead of synthetic activations",
        };
        var calibTensor = new Option<string?>("--calib-tensor") { Description = "tensor name inside every --calib file (default: the only 2-D tensor)" };
        var ablation = new Option<bool>("--ablation") { Description = "print the ablation table (RTN, MX-INT, + outliers, + pruning, + GPTQ) at bb = 2 and 4 on synthetic layers" };
        var cmd = new Command("quantize", "MicroScopiQ-quantize a weight matrix into the packed format, or print the ablation table.");
        foreach (var o in new Option[] { input, tensor, synthetic, seed, bits, output, tokens, noGptq, outlierMean, calib, calibTensor, ablation }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            double share = parse.GetValue(outlierMean);
            if (!(share is >= 0 and <= 1)) throw new ArgumentException($"--act-outlier-mean must lie in [0, 1], got {ExactDecimal.Format(share)}");
            if (parse.GetValue(ablation))
            {
                RunAblation(parse.GetValue(seed), Console.Out, share);
                return 0;
            }
            int bb = parse.GetValue(bits);
            if (bb is not (2 or 4)) throw new ArgumentException($"--bits must be 2 or 4, got {bb}");
            var outDir = parse.GetValue(output) ?? throw new ArgumentException("--out DIR is required (or use --ablation)");
            OutputWriter.CheckDirectory(outDir.FullName);   // fail before minutes of quantization, not after
            var inFile = parse.GetValue(input);
            string? syn = parse.GetValue(synthetic);
            if ((inFile is null) == (syn is null)) throw new ArgumentException("give exactly one of --in FILE.safetensors or --synthetic NxK");
            int t = parse.GetValue(tokens);
            if (t <= 0) throw new ArgumentException($"--calib-tokens must be positive, got {t}");
            ulong s = parse.GetValue(seed);
            var (w, n, k, source) = inFile is not null ? Load(inFile, parse.GetValue(tensor)) : Synthetic(syn!, s);
            var calibFiles = parse.GetValue(calib) ?? [];
            bool gptq = !parse.GetValue(noGptq);
            var real = calibFiles.Length > 0 ? CalibrationFiles.Open(calibFiles.Select(f => f.FullName).ToList(), parse.GetValue(calibTensor), k) : null;
            if (real is null && inFile is not null && gptq)
                Console.Error.WriteLine("warning: --in without --calib: GPTQ runs on synthetic activations, which was measured to make real models worse than no GPTQ; pass real activations [T×K] with --calib FILE.safetensors (or use --no-gptq)");
            Run(w, n, k, source, bb, s, t, gptq, outDir.FullName, Console.Out, share, real);
            return 0;
        });
        return cmd;
    }

    public static void RunAblation(ulong seed, TextWriter log, double outlierMeanShare = 0)
    {
        (int, int)[] shapes = [(512, 512), (1024, 512), (512, 1024)];
        string model = outlierMeanShare == 0 ? "" : $", outlier features {outlierMeanShare.ToString("0.###", CultureInfo.InvariantCulture)} token-constant";
        log.WriteLine($"Ablation on {shapes.Length} synthetic layers ({string.Join(", ", shapes.Select(s => $"{s.Item1}x{s.Item2}"))}), seed {seed}{model}; relative error of y = W·x on held-out activations.");
        foreach (int bb in new[] { 2, 4 })
        {
            log.WriteLine();
            var r = Ablation.Measure(shapes, bb, seed, outlierMeanShare: outlierMeanShare);
            log.Write(Ablation.Format(r.Rows, r.IsotropicBound));
        }
    }

    private static (float[], int, int, string) Load(FileInfo file, string? name)
    {
        if (!file.Exists) throw new FileNotFoundException($"no such file: {file.FullName}");
        var r = SafetensorsReader.Open(file.FullName);
        var e = name is not null
            ? (r.Tensors.TryGetValue(name, out var x) ? x : throw new ArgumentException($"no tensor '{name}' in {file.Name}"))
            : r.Tensors.Values.Where(v => v.Shape.Length == 2).ToList() is [var only] ? only
            : throw new ArgumentException($"{file.Name} does not hold exactly one 2-D tensor; choose one with --tensor");
        if (e.Shape.Length != 2) throw new ArgumentException($"tensor '{e.Name}' has shape [{string.Join(",", e.Shape)}], expected 2-D [N,K]");
        var w = r.Read(e.Name);
        CalibrationFiles.RejectNonFinite(w, 0, e.Shape[1], e.Name, file.Name);
        return (w, (int)e.Shape[0], (int)e.Shape[1], $"{file.Name}:{e.Name}");
    }

    private static (float[], int, int, string) Synthetic(string shape, ulong seed)
    {
        var parts = shape.ToLowerInvariant().Split('x');
        if (parts.Length != 2 || !int.TryParse(parts[0], out int n) || !int.TryParse(parts[1], out int k) || n <= 0 || k <= 0)
            throw new FormatException($"--synthetic expects NxK with positive integers, got '{shape}'");
        return (SyntheticLayer.Weights(n, k, seed), n, k, $"synthetic {n}x{k} seed {seed}");
    }

    /// <param name="real">Real calibration activations; null = synthetic ones (<paramref name="tokens"/> of them, seeded).</param>
    public static void Run(float[] w, int n, int k, string source, int bb, ulong seed, int tokens, bool gptq, string outDir, TextWriter log, double outlierMeanShare = 0, CalibrationFiles? real = null)
    {
        var opt = new MicroScopiQOptions(bb) { Gptq = gptq };
        opt.Layout.Validate(n);
        var sw = Stopwatch.StartNew();
        QuantizationResult result;
        float[] eval;
        int evalTokens;
        string evalKind;
        long calibTokens;
        if (real is not null)
        {
            // Stream every file once: the Hessian (when GPTQ runs) and a small in-sample slice for the error figure.
            var (input, sample, sampleTokens) = real.Accumulate(gptq, log);
            result = MicroScopiQQuantizer.Quantize(w, n, k, opt, input);
            (eval, evalTokens, evalKind, calibTokens) = (sample, sampleTokens, $"first {sampleTokens} calibration tokens (in-sample)", real.Tokens);
        }
        else
        {
            var calib = SyntheticLayer.Activations(k, tokens, seed + 1, outlierMeanShare: outlierMeanShare);
            result = MicroScopiQQuantizer.Quantize(w, n, k, opt, calib, tokens);
            (eval, evalTokens, evalKind, calibTokens) = (Ablation.HeldOut(k, tokens, seed + 1, outlierMeanShare), tokens, $"{tokens} held-out synthetic tokens", tokens);
        }
        double seconds = sw.Elapsed.TotalSeconds;
        var packed = MicroScopiQPacker.Pack(result.Tensor!);
        var ebw = EffectiveBitWidth.Of(result.Tensor!);
        double err = OutputError.Relative(w, result.Dequantized, n, k, eval, evalTokens);
        var mxOnly = MicroScopiQQuantizer.Quantize(w, n, k, opt with { Outliers = false, Pruning = false, Gptq = false });
        double errMx = OutputError.Relative(w, mxOnly.Dequantized, n, k, eval, evalTokens);
        var summary = new
        {
            source, rows = n, cols = k, bits = bb, macroBlock = opt.MacroBlock, microBlock = opt.MicroBlock, tau = opt.Tau, gptq,
            calibration = real is null ? "synthetic" : string.Join(", ", real.Names),
            calibrationTokens = calibTokens, activationOutlierMeanShare = real is null ? outlierMeanShare : 0,
            ebw = new { weightsOnly = ebw.WeightsOnly, paper = ebw.Paper, full = ebw.Full },
            outlierFraction = result.OutlierFraction,
            outlierMicroBlockFraction = ebw.OutlierMicroBlockFraction,
            errorMeasuredOn = evalKind,
            relativeOutputError = err,
            relativeOutputErrorMxIntOnly = errMx,
            weightBytes = packed.Weights.Length, metadataBytes = packed.Metadata.Length,
            quantizeSeconds = seconds,
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(summary, new JsonSerializerOptions { WriteIndented = true, Converters = { new ExactDoubleJsonConverter() } });
        // Every byte is ready before the first file is touched; then temporaries, then renames.
        WriteAllOrNothing(outDir, [("tensor.sqmq", packed.ToBytes()), ("weights.bin", packed.Weights), ("metadata.bin", packed.Metadata), ("summary.json", json)]);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{source}: bb={bb} EBW {ebw.Full:F3} (paper {ebw.Paper:F3}) outliers {result.OutlierFraction * 100:F2}% error {err:F4} (MX-INT only {errMx:F4}; on {evalKind}) in {seconds:F1} s -> {outDir}"));
    }

    /// <summary>
    /// Writes every file to a temporary name in <paramref name="dir"/> first and renames them only when all were written,
    /// so a failure (disk full, permissions) leaves no new output file behind.
    /// </summary>
    public static void WriteAllOrNothing(string dir, IReadOnlyList<(string Name, byte[] Data)> files)
    {
        bool created = !Directory.Exists(dir);
        Directory.CreateDirectory(dir);
        var tmps = files.Select(f => Path.Combine(dir, $".{f.Name}.{Environment.ProcessId}.tmp")).ToList();
        bool done = false;
        try
        {
            for (int i = 0; i < files.Count; i++) File.WriteAllBytes(tmps[i], files[i].Data);
            for (int i = 0; i < files.Count; i++) File.Move(tmps[i], Path.Combine(dir, files[i].Name), overwrite: true);
            done = true;
        }
        finally
        {
            foreach (var t in tmps) if (File.Exists(t)) File.Delete(t);
            if (!done && created && !Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir);
        }
    }
}
