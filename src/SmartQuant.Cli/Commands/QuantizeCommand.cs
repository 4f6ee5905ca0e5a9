using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SmartQuant.Emit;
using SmartQuant.Quant.MicroScopiQ;
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
        var ablation = new Option<bool>("--ablation") { Description = "print the ablation table (RTN, MX-INT, + outliers, + pruning, + GPTQ) at bb = 2 and 4 on synthetic layers" };
        var cmd = new Command("quantize", "MicroScopiQ-quantize a weight matrix into the packed format, or print the ablation table.");
        foreach (var o in new Option[] { input, tensor, synthetic, seed, bits, output, tokens, noGptq, outlierMean, ablation }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            double share = parse.GetValue(outlierMean);
            if (!(share is >= 0 and <= 1)) throw new ArgumentException($"--act-outlier-mean must lie in [0, 1], got {share.ToString(CultureInfo.InvariantCulture)}");
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
            Run(w, n, k, source, bb, s, t, !parse.GetValue(noGptq), outDir.FullName, Console.Out, share);
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
        return (r.Read(e.Name), (int)e.Shape[0], (int)e.Shape[1], $"{file.Name}:{e.Name}");
    }

    private static (float[], int, int, string) Synthetic(string shape, ulong seed)
    {
        var parts = shape.ToLowerInvariant().Split('x');
        if (parts.Length != 2 || !int.TryParse(parts[0], out int n) || !int.TryParse(parts[1], out int k) || n <= 0 || k <= 0)
            throw new FormatException($"--synthetic expects NxK with positive integers, got '{shape}'");
        return (SyntheticLayer.Weights(n, k, seed), n, k, $"synthetic {n}x{k} seed {seed}");
    }

    public static void Run(float[] w, int n, int k, string source, int bb, ulong seed, int tokens, bool gptq, string outDir, TextWriter log, double outlierMeanShare = 0)
    {
        var opt = new MicroScopiQOptions(bb) { Gptq = gptq };
        opt.Layout.Validate(n);
        var sw = Stopwatch.StartNew();
        var calib = SyntheticLayer.Activations(k, tokens, seed + 1, outlierMeanShare: outlierMeanShare);
        var result = MicroScopiQQuantizer.Quantize(w, n, k, opt, calib, tokens);
        double seconds = sw.Elapsed.TotalSeconds;
        var packed = MicroScopiQPacker.Pack(result.Tensor!);
        var ebw = EffectiveBitWidth.Of(result.Tensor!);
        var eval = Ablation.HeldOut(k, tokens, seed + 1, outlierMeanShare);
        double err = OutputError.Relative(w, result.Dequantized, n, k, eval, tokens);
        var mxOnly = MicroScopiQQuantizer.Quantize(w, n, k, opt with { Outliers = false, Pruning = false, Gptq = false });
        double errMx = OutputError.Relative(w, mxOnly.Dequantized, n, k, eval, tokens);
        OutputWriter.PrepareDirectory(outDir);
        OutputWriter.WriteAtomic(Path.Combine(outDir, "tensor.sqmq"), packed.ToBytes());
        OutputWriter.WriteAtomic(Path.Combine(outDir, "weights.bin"), packed.Weights);
        OutputWriter.WriteAtomic(Path.Combine(outDir, "metadata.bin"), packed.Metadata);
        var summary = new
        {
            source, rows = n, cols = k, bits = bb, macroBlock = opt.MacroBlock, microBlock = opt.MicroBlock, tau = opt.Tau, gptq,
            calibrationTokens = tokens, activationOutlierMeanShare = outlierMeanShare,
            ebw = new { weightsOnly = ebw.WeightsOnly, paper = ebw.Paper, full = ebw.Full },
            outlierFraction = result.OutlierFraction,
            outlierMicroBlockFraction = ebw.OutlierMicroBlockFraction,
            relativeOutputError = err,
            relativeOutputErrorMxIntOnly = errMx,
            weightBytes = packed.Weights.Length, metadataBytes = packed.Metadata.Length,
            quantizeSeconds = seconds,
        };
        OutputWriter.WriteAtomic(Path.Combine(outDir, "summary.json"), JsonSerializer.SerializeToUtf8Bytes(summary, new JsonSerializerOptions { WriteIndented = true }));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{source}: bb={bb} EBW {ebw.Full:F3} (paper {ebw.Paper:F3}) outliers {result.OutlierFraction * 100:F2}% error {err:F4} (MX-INT only {errMx:F4}) in {seconds:F1} s -> {outDir}"));
    }
}
