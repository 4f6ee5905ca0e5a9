using System.Globalization;
using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;
using SmartQuant.Quant.Mx;
using SmartQuant.Quant.Sources;

namespace SmartQuant.Hdl.Tests;

/// <summary>`smartquant quantize --calib` with real (here: saved) activations, bad input, and exact printing in `mx quantize`.</summary>
public class QuantizeCalibCliTests
{
    private const int N = 128, K = 64;

    private static BufferedCommandResult Cli(params string[] args) =>
        CliWrap.Cli.Wrap("dotnet").WithArguments([Path.Combine(AppContext.BaseDirectory, "smartquant.dll"), .. args])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync().GetAwaiter().GetResult();

    private static string OneLineError(BufferedCommandResult r)
    {
        Assert.Equal(2, r.ExitCode);
        var lines = r.StandardError.TrimEnd().Split('\n');
        Assert.Single(lines);
        Assert.DoesNotContain("   at ", r.StandardError);
        return lines[0];
    }

    private static string Save(string dir, string file, string tensor, float[] data, long rows, long cols)
    {
        string p = Path.Combine(dir, file);
        File.WriteAllBytes(p, SafetensorsReader.WriteF32([(tensor, [rows, cols], data)]));
        return p;
    }

    private static float[] Tokens(int t, ulong seed)
    {
        var fm = SyntheticLayer.Activations(K, t, seed);
        var tm = new float[K * t];
        for (int c = 0; c < K; c++) for (int r = 0; r < t; r++) tm[r * K + c] = fm[c * t + r];
        return tm;
    }

    [Fact]
    public void RealCalibrationFromSeveralFilesQuantizesWithoutTheSyntheticWarning()
    {
        using var dir = new TempDir();
        string w = Save(dir.Path, "w.safetensors", "weight", SyntheticLayer.Weights(N, K, 4), N, K);
        string a = Save(dir.Path, "a.safetensors", "x", Tokens(300, 5), 300, K), b = Save(dir.Path, "b.safetensors", "x", Tokens(200, 6), 200, K);
        string outDir = Path.Combine(dir.Path, "out");
        var r = Cli("quantize", "--in", w, "--calib", a, "--calib", b, "--bits", "4", "--out", outDir);
        Assert.True(r.ExitCode == 0, r.StandardError);
        Assert.DoesNotContain("warning", r.StandardError);
        Assert.Equal(["metadata.bin", "summary.json", "tensor.sqmq", "weights.bin"], Directory.GetFiles(outDir).Select(f => Path.GetFileName(f)!).Order().ToArray());
        using var summary = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "summary.json")));
        Assert.Equal("a.safetensors:x, b.safetensors:x", summary.RootElement.GetProperty("calibration").GetString());
        Assert.Equal(500, summary.RootElement.GetProperty("calibrationTokens").GetInt64());
        Assert.InRange(summary.RootElement.GetProperty("relativeOutputError").GetDouble(), 0.0, 0.2);

        // Without --calib on a real weight file: one warning line on stderr, and the synthetic path still works.
        var s = Cli("quantize", "--in", w, "--bits", "4", "--out", Path.Combine(dir.Path, "syn"));
        Assert.Equal(0, s.ExitCode);
        Assert.StartsWith("warning: --in without --calib: GPTQ runs on synthetic activations", Assert.Single(s.StandardError.TrimEnd().Split('\n')));
    }

    [Fact]
    public void NonFiniteOrMismatchedInputIsOneLineAndWritesNoOutput()
    {
        using var dir = new TempDir();
        var wData = SyntheticLayer.Weights(N, K, 4);
        string calib = Save(dir.Path, "x.safetensors", "x", Tokens(100, 5), 100, K);
        wData[3 * K + 17] = float.NaN;
        string badW = Save(dir.Path, "w.safetensors", "weight", wData, N, K);
        string outDir = Path.Combine(dir.Path, "out");
        Assert.Equal("error: tensor 'weight' in w.safetensors holds NaN at [3,17] (element 209); weights and activations must be finite",
            OneLineError(Cli("quantize", "--in", badW, "--calib", calib, "--out", outDir)));
        Assert.False(Directory.Exists(outDir));

        wData[3 * K + 17] = 0.01f;
        string goodW = Save(dir.Path, "w2.safetensors", "weight", wData, N, K);
        var xData = Tokens(100, 5);
        xData[99 * K + 63] = float.NegativeInfinity;
        string badX = Save(dir.Path, "bad.safetensors", "acts", xData, 100, K);
        Assert.Contains("tensor 'acts' in bad.safetensors holds -Infinity at [99,63]", OneLineError(Cli("quantize", "--in", goodW, "--calib", calib, "--calib", badX, "--out", outDir)));
        Assert.False(Directory.Exists(outDir));

        string narrow = Save(dir.Path, "narrow.safetensors", "x", new float[10 * 32], 10, 32);
        Assert.Contains("calibration tensor 'x' in narrow.safetensors has shape [10,32], expected [T,64]", OneLineError(Cli("quantize", "--in", goodW, "--calib", narrow, "--out", outDir)));
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void MxQuantizePrintsValuesThatParseBackExactly()
    {
        // 2^-25 is one of the powers of two "R" misprints; the block's scale puts decodes at and around it.
        var inputs = new[] { Math.ScaleB(1, -25), Math.ScaleB(1.5, -25), -Math.ScaleB(1, -20), Math.ScaleB(1, -1074) * 3 };
        var line = string.Join(' ', inputs.Select(v => v.ToString("G17", CultureInfo.InvariantCulture)));
        var output = new StringWriter();
        SmartQuant.Cli.Commands.MxCommand.Run(new StringReader(line), output, MxElementFormat.E4M3, 32, MxRounding.HalfAwayFromZero);
        var printed = output.ToString().Trim().Split(' ')[1..].Select(s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(MxQuantizer.Quantize(inputs, MxElementFormat.E4M3).Decode(), printed);
        Assert.Contains(Math.ScaleB(1, -25), printed);
    }
}
