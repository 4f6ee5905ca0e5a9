using SmartQuant.Emit;
using System.CommandLine;
using System.Text.Json;
using SmartQuant.RealModel;

namespace SmartQuant.Cli.Commands;

/// <summary>
/// `smartquant eval` (`make eval`): every encoder linear layer of all-MiniLM-L6-v2 quantized by each method at
/// bb = 2 and 4 (and rtn at 8 bits, the INT8 baseline, with --bits 8), judged per layer on held-out real activations and end to end on held-out passages
/// (docs/real-model.md). `--method M --bits B --export DIR` only writes that one quantized model.
/// </summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var method = new Option<string[]>("--method") { Description = $"methods to run ({string.Join(", ", QuantMethod.Public)}); default all, plus GPTQ on synthetic calibration", AllowMultipleArgumentsPerToken = true };
        var bits = new Option<int[]>("--bits") { Description = "inlier bit widths bb (2, 4; 8 runs rtn only: the INT8 mac-array's weights); default 2 and 4", AllowMultipleArgumentsPerToken = true };
        var export = new Option<DirectoryInfo?>("--export") { Description = "write each quantized model to DIR/<method>-bb<B>/ (model.onnx + weights.safetensors [out,in] F32); with one --method and one --bits nothing else runs" };
        var output = new Option<DirectoryInfo?>("--out") { Description = "also write eval.json and eval.md (tables) there" };
        var seed = new Option<ulong>("--seed") { Description = "seed of the calibration / held-out split", DefaultValueFactory = _ => 1 };
        var calib = new Option<int>("--calib-passages") { Description = "calibration passages (GPTQ activations)", DefaultValueFactory = _ => 256 };
        var evalN = new Option<int>("--eval-passages") { Description = "held-out passages for the end-to-end figures", DefaultValueFactory = _ => 1024 };
        var errN = new Option<int>("--error-passages") { Description = "held-out passages (the first of --eval-passages) whose activations give the per-layer errors", DefaultValueFactory = _ => 256 };
        var layers = new Option<int?>("--layers") { Description = "quantize only the first N linear layers (default all 36)" };
        var fortunes = new Option<DirectoryInfo?>("--fortunes") { Description = $"fortune files (default {FortunePassages.DefaultDirectory})" };
        var package = new Option<FileSystemInfo?>("--package") { Description = $"{ModelPackage.PackageId} DLL or package folder (default: the restored package)" };
        var calibration = new Option<string[]>("--calibration") { Description = "how microscopiq's GPTQ is calibrated: fp32 (every layer on the FP32 model's inputs), sequential (layer by layer on the partially quantized model's inputs, rows named " + CalibrationModes.SequentialLabel + "), or both (e.g. --calibration fp32 sequential); default fp32", AllowMultipleArgumentsPerToken = true };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime threads", DefaultValueFactory = _ => 2 };
        var cmd = new Command("eval", "Quantize the real model (all-MiniLM-L6-v2) with every method at bb = 2 and 4; per-layer errors, EBW, embedding cosine and neighbour agreement on held-out passages.");
        foreach (var o in new Option[] { method, bits, export, output, seed, calib, evalN, errN, layers, fortunes, package, calibration, threads }) cmd.Options.Add(o);
        cmd.SetAction(p =>
        {
            var methods = p.GetValue(method) is { Length: > 0 } ms ? ms : QuantMethod.All;
            var widths = p.GetValue(bits) is { Length: > 0 } bs ? bs : [2, 4];
            foreach (var m in methods)
                if (!QuantMethod.All.Contains(m)) throw new ArgumentException($"unknown method '{m}' (one of {string.Join(", ", QuantMethod.Public)})");
            foreach (var b in widths)
                if (b is not (2 or 4 or 8)) throw new ArgumentException($"--bits must be 2, 4 or 8 (8: rtn only), got {b}");
            if (!methods.Any(m => widths.Any(b => QuantMethod.Supports(m, b))))
                throw new ArgumentException($"{string.Join(", ", methods)} at bb = {string.Join(", ", widths)}: nothing to run (mxfp4 exists only at 4 bits, only rtn at 8)");
            foreach (var (o, v) in new[] { ("--calib-passages", p.GetValue(calib)), ("--eval-passages", p.GetValue(evalN)), ("--error-passages", p.GetValue(errN)), ("--threads", p.GetValue(threads)) })
                if (v <= 0) throw new ArgumentException($"{o} must be positive, got {v}");
            if (p.GetValue(evalN) < 2) throw new ArgumentException("--eval-passages must be at least 2 (neighbours need other passages)");
            var modes = (p.GetValue(calibration) is { Length: > 0 } cs ? cs : ["fp32"]).Select(CalibrationModes.Parse).Distinct().ToList();
            if (modes.Contains(CalibrationMode.Sequential) && !methods.Contains("microscopiq"))
                throw new ArgumentException("--calibration sequential applies to GPTQ on real activations: add --method microscopiq");
            var exportDir = p.GetValue(export)?.FullName;
            // the evaluation takes minutes: a bad output path fails now, not after it
            if (p.GetValue(output) is { } early) OutputWriter.CheckDirectory(early.FullName);
            if (exportDir is not null) OutputWriter.CheckDirectory(exportDir, "export directory");
            bool exportOnly = exportDir is not null && methods.Length == 1 && widths.Length == 1 && modes.Count == 1;
            var options = new EvalOptions
            {
                Methods = methods, Bits = widths, Seed = p.GetValue(seed),
                CalibrationPassages = p.GetValue(calib), EvaluationPassages = p.GetValue(evalN), ErrorPassages = Math.Min(p.GetValue(errN), p.GetValue(evalN)),
                Layers = p.GetValue(layers), FortuneDirectory = p.GetValue(fortunes)?.FullName ?? FortunePassages.DefaultDirectory,
                Package = p.GetValue(package)?.FullName, Threads = p.GetValue(threads), Export = exportDir, ExportOnly = exportOnly,
                Calibrations = modes,
            };
            var bar = new ProgressLine(Console.Error);
            var result = new RealModelEval(options, line => { bar.Clear(); Console.WriteLine(line); }, bar.Report).Run();
            bar.Clear();
            if (exportOnly) return 0;
            Console.WriteLine();
            Console.Write(EvalTables.Summary(result, markdown: false));
            Console.WriteLine();
            Console.WriteLine("mean relative output error per layer kind:");
            Console.Write(EvalTables.ByKind(result, markdown: false));
            Console.WriteLine($"{result.QuantizedLayers} layers, {result.Methods.Count} method-widths in {result.Seconds:F1} s");
            if (p.GetValue(output) is { } outDir)
            {
                OutputWriter.PrepareDirectory(outDir.FullName);
                OutputWriter.WriteAtomic(Path.Combine(outDir.FullName, "eval.json"), JsonSerializer.SerializeToUtf8Bytes(result, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
                OutputWriter.WriteAtomic(Path.Combine(outDir.FullName, "eval.md"), System.Text.Encoding.UTF8.GetBytes(EvalTables.Summary(result, true) + "\n" + EvalTables.ByKind(result, true)));
                Console.WriteLine($"eval: {outDir.FullName}/eval.json, eval.md");
            }
            return 0;
        });
        return cmd;
    }
}
