using SmartQuant.Quant.Numerics;
using SmartQuant.Quant.Sources;

namespace SmartQuant.Quant.Tests;

/// <summary>Real calibration activations streamed from safetensors files [T×K] into the Hessian.</summary>
public sealed class CalibrationFilesTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sq-calib-" + Guid.NewGuid().ToString("N"));

    public CalibrationFilesTests() => Directory.CreateDirectory(_dir);
    public void Dispose() => Directory.Delete(_dir, true);

    private string Write(string name, string tensor, float[] tokenMajor, int t, int k)
    {
        string p = Path.Combine(_dir, name);
        File.WriteAllBytes(p, SafetensorsReader.WriteF32([(tensor, [t, k], tokenMajor)]));
        return p;
    }

    private static float[] TokenMajor(float[] featureMajor, int k, int t)
    {
        var x = new float[k * t];
        for (int c = 0; c < k; c++) for (int r = 0; r < t; r++) x[r * k + c] = featureMajor[c * t + r];
        return x;
    }

    [Fact]
    public void SeveralFilesStreamToTheHessianOfAllTheirTokensInOrder()
    {
        int k = 40, t = 700;
        var fm = SyntheticLayer.Activations(k, t, 8);
        var tm = TokenMajor(fm, k, t);
        string a = Write("a.safetensors", "x", tm[..(300 * k)], 300, k), b = Write("b.safetensors", "act", tm[(300 * k)..], 400, k);
        var files = CalibrationFiles.Open([a, b], null, k);
        Assert.Equal(700, files.Tokens);
        var (input, sample, s) = files.Accumulate(true);
        var want = Hessian.FromActivations(fm, k, t);
        for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) Assert.Equal(want[i * k + j], input![i, j]);
        Assert.Equal(CalibrationFiles.SampleTokens, s);
        for (int c = 0; c < k; c++) for (int r = 0; r < s; r++) Assert.Equal(fm[c * t + r], sample[c * s + r]);
        // File-backed row reads equal the in-memory reader.
        var rows = new float[5 * k];
        SafetensorsReader.Open(b).ReadRows("act", 390, rows);
        Assert.Equal(tm[(690 * k)..(695 * k)], rows);
    }

    [Fact]
    public void NonFiniteActivationsAndShapeMismatchesAreOneLineErrorsNamingTheTensorAndPosition()
    {
        int k = 16, t = 50;
        var tm = TokenMajor(SyntheticLayer.Activations(k, t, 3), k, t);
        tm[37 * k + 5] = float.PositiveInfinity;
        tm[40 * k + 1] = float.NaN;
        string bad = Write("bad.safetensors", "acts", tm, t, k);
        var e = Assert.Throws<InvalidDataException>(() => CalibrationFiles.Open([bad], null, k).Accumulate(true));
        Assert.Equal("tensor 'acts' in bad.safetensors holds +Infinity at [37,5] (element 597); weights and activations must be finite", e.Message);
        var shape = Assert.Throws<ArgumentException>(() => CalibrationFiles.Open([bad], null, 32));
        Assert.Contains("has shape [50,16], expected [T,32]", shape.Message);
        Assert.Throws<FileNotFoundException>(() => CalibrationFiles.Open([Path.Combine(_dir, "none.safetensors")], null, k));
    }
}
