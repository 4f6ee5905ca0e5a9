using System.Runtime.Intrinsics;
using SmartQuant.Quant.Numerics;
using SmartQuant.Quant.Sources;

namespace SmartQuant.Quant.Tests;

/// <summary>The streamed Hessian: the documented summation order, whatever the batch split, buffer, threads or kernel.</summary>
public class HessianTests
{
    /// <summary>Token-major activations with magnitudes over 2^±12, so any change of summation order changes low bits.</summary>
    private static float[] Tokens(int k, int t, ulong seed)
    {
        var rng = new SplitMix64(seed);
        var x = new float[(long)k * t];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextGaussian() * Math.ScaleB(1, (int)(rng.Next() % 25) - 12));
        return x;
    }

    /// <summary>The contract written out: S[i, j] = Σ_t x_t[i]·x_t[j] left to right in double, H = S·(2/T), symmetric.</summary>
    private static double[] Reference(float[] tokenMajor, int k, int t)
    {
        var h = new double[k * k];
        for (int i = 0; i < k; i++)
            for (int j = i; j < k; j++)
            {
                double s = 0;
                for (int r = 0; r < t; r++) s += (double)tokenMajor[r * k + i] * tokenMajor[r * k + j];
                h[i * k + j] = h[j * k + i] = s * (2.0 / t);
            }
        return h;
    }

    private static float[] Transpose(float[] tokenMajor, int k, int t)
    {
        var x = new float[k * t];
        for (int r = 0; r < t; r++) for (int c = 0; c < k; c++) x[c * t + r] = tokenMajor[r * k + c];
        return x;
    }

    public static TheoryData<int> Widths => new() { 1, 7, 8, 24, 37, 100 };

    [Theory]
    [MemberData(nameof(Widths))] // below one tile, one group, one tile, ragged tiles and groups
    public void StreamedHessianEqualsTheReferenceBitForBitForAnySplitBufferThreadsAndKernel(int k)
    {
        int t = 301;
        var x = Tokens(k, t, (ulong)k);
        var want = Reference(x, k, t);
        Assert.Equal(want, Hessian.FromActivations(Transpose(x, k, t), k, t));
        var paths = new List<SyrkKernel.Path> { SyrkKernel.Path.Scalar };
        if (Vector256.IsHardwareAccelerated) paths.Add(SyrkKernel.Path.Vector256);
        if (Vector512.IsHardwareAccelerated) paths.Add(SyrkKernel.Path.Vector512);
        var rng = new SplitMix64(99);
        foreach (var path in paths)
            foreach (int buffer in new[] { 1, 5, 64, 256 })
                foreach (int dop in new[] { 1, 2, 3 })
                {
                    var acc = new HessianAccumulator(k, dop, buffer, path);
                    // Random batch sizes 0…40 tokens, then the rest.
                    int done = 0;
                    while (done < t)
                    {
                        int b = Math.Min(t - done, (int)(rng.Next() % 41));
                        acc.AddTokens(x.AsSpan(done * k, b * k));
                        done += b;
                    }
                    Assert.Equal(t, acc.Tokens);
                    Assert.Equal(want, acc.ToHessian());
                }
    }

    [Fact]
    public void FeatureMajorSlicesAndTokenMajorBatchesGiveTheSameHessian()
    {
        int k = 50, t = 200;
        var x = Tokens(k, t, 4);
        var fm = Transpose(x, k, t);
        var a = new HessianAccumulator(k, -1, 32);
        a.AddFeatureMajor(fm, t, 0, 77);
        a.AddTokens(x.AsSpan(77 * k, 50 * k));
        a.AddFeatureMajor(fm, t, 127, 73);
        Assert.Equal(Reference(x, k, t), a.ToHessian());
    }

    [Fact]
    public void MisuseIsRejected()
    {
        var a = new HessianAccumulator(4);
        Assert.Throws<ArgumentException>(() => a.AddTokens(new float[6]));
        Assert.Throws<InvalidOperationException>(() => a.ToHessian()); // no tokens
        a.AddTokens(new float[8]);
        a.ToHessian();
        Assert.Throws<InvalidOperationException>(() => a.ToHessian()); // consumed
        Assert.Throws<InvalidOperationException>(() => a.AddTokens(new float[4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HessianAccumulator(0));
    }
}
