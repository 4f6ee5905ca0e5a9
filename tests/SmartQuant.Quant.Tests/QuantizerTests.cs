using SmartQuant.Quant.MicroScopiQ;
using SmartQuant.Quant.Quality;
using SmartQuant.Quant.Sources;

namespace SmartQuant.Quant.Tests;

public class QuantizerTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void PackedContentReproducesTheQuantizerOutputExactlyAndRoundTrips(int bb)
    {
        int n = 256, k = 96, t = 384;
        var w = SyntheticLayer.Weights(n, k, 5);
        var x = SyntheticLayer.Activations(k, t, 6);
        var r = MicroScopiQQuantizer.Quantize(w, n, k, new MicroScopiQOptions(bb) { GptqBlock = 32 }, x, t);
        Assert.Equal(r.Dequantized, r.Tensor!.Dequantize());
        var back = MicroScopiQPacker.Unpack(PackedTensor.FromBytes(MicroScopiQPacker.Pack(r.Tensor).ToBytes()));
        Assert.True(r.Tensor.ContentEquals(back));
        Assert.InRange(r.OutlierFraction, 0.002, 0.05);
        Assert.All(r.Tensor.PairCount, c => Assert.InRange((int)c, 0, 4));
        var ebw = EffectiveBitWidth.Of(r.Tensor);
        Assert.True(ebw.WeightsOnly < ebw.Paper && ebw.Paper < ebw.Full);
    }

    [Fact]
    public void OutliersArePairedWithTheSmallestInliersAndKeepTheirSign()
    {
        var w = new float[128];
        for (int i = 0; i < 128; i++) w[i] = 0.01f * ((i * 37 % 19) - 9);
        w[3] = -2.0f; w[10] = 3.1f;
        w[5] = 0.0f; w[12] = 0.0001f;
        var r = MicroScopiQQuantizer.Quantize(w, 128, 1, new MicroScopiQOptions(2) { Gptq = false });
        var q = r.Tensor!;
        Assert.Equal(1, q.PairCount[0]);
        Assert.Equal(1, q.PairCount[1]);
        Assert.Equal(new Recon.LanePair(3, 5), q.MicroPairs(0).Single());
        Assert.Equal(new Recon.LanePair(2, 4), q.MicroPairs(1).Single());
        Assert.Equal(-2.0f, r.Dequantized[3]); // 2^1 · 1.0, sign kept
        Assert.Equal(0f, r.Dequantized[5]);
        Assert.InRange(r.Dequantized[10], 2.5f, 3.5f);
    }

    [Fact]
    public void GptqAndOutliersReduceOutputErrorAtTwoBits()
    {
        // Three 256×256 layers (mean error): one layer's ratio swings 3.2–6.3× with the draw, the mean of three 4.0–5.6×
        // over seeds 1–12 (5.04× at this seed); the floor is below every one of those.
        var result = Ablation.Measure([(256, 256), (256, 256), (256, 256)], 2, 3, calibTokens: 1024, evalTokens: 256);
        var rows = result.Rows;
        double Err(string m) => rows[Array.IndexOf(Ablation.Methods, m)].RelativeError;
        double mx = Err("MX-INT"), mxMse = Err("MX-INT, MSE exponent†"), outl = Err("+ MX-FP outliers");
        double pruned = Err("+ pruning"), mse = Err("+ MSE inlier exponent"), gptq = Err("+ GPTQ"), full = rows[^1].RelativeError;
        Assert.True(outl < mx, $"outliers {outl} vs MX-INT {mx}");
        Assert.True(mxMse < mx, $"MSE exponent {mxMse} vs OCP rule {mx}");
        // At 2 bits the pruned slots (smallest |w| of the µB) are ternary zeros already: pruning changes the error by < 0.2 %.
        Assert.InRange(pruned / outl, 0.998, 1.002);
        Assert.True(mse < pruned, $"MSE inlier exponent {mse} vs OCP rule {pruned}");
        Assert.True(gptq < mse, $"GPTQ {gptq} vs no GPTQ {mse}");
        Assert.True(mx / full > 3.8, $"MicroScopiQ only {mx / full:F2}x better than MX-INT-2");
        // No compensation can cancel the isotropic part of the activations: the no-GPTQ error on it bounds GPTQ from below,
        // and GPTQ's own side effect keeps it 6.5–11.2 % above the bound (seeds 1–12).
        double bound = result.IsotropicBound;
        Assert.InRange(full / bound, 1.0, 1.15);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void GptqResultIsBitIdenticalForAnyThreadCount(int bb)
    {
        int n = 384, k = 200, t = 400; // k not a multiple of the GPTQ or factorization blocks
        var w = SyntheticLayer.Weights(n, k, 11);
        var x = SyntheticLayer.Activations(k, t, 12);
        var o = new MicroScopiQOptions(bb) { GptqBlock = 64 };
        var one = MicroScopiQQuantizer.Quantize(w, n, k, o with { MaxDegreeOfParallelism = 1 }, x, t);
        foreach (int dop in new[] { 2, 3, -1 })
        {
            var r = MicroScopiQQuantizer.Quantize(w, n, k, o with { MaxDegreeOfParallelism = dop }, x, t);
            Assert.Equal(one.Dequantized, r.Dequantized);
            Assert.True(one.Tensor!.ContentEquals(r.Tensor!));
        }
        Assert.Equal(one.Dequantized, one.Tensor!.Dequantize());
    }

    [Fact]
    public void DefaultInlierExponentMinimizesTheMacroBlockErrorAndActOrderKeepsColumnsInPlace()
    {
        var o = new MicroScopiQOptions(2);
        Assert.True(o.InlierScaleSearch);
        Assert.True(o.ActOrder);
        int n = 256, k = 64;
        var w = SyntheticLayer.Weights(n, k, 21);
        var search = MicroScopiQQuantizer.Quantize(w, n, k, o with { Gptq = false });
        var ocp = MicroScopiQQuantizer.Quantize(w, n, k, o with { Gptq = false, InlierScaleSearch = false });
        // Per macro-block the searched exponent is the OCP one or up to 2 below it, and the weight error is smaller.
        for (int i = 0; i < search.Tensor!.InlierExponent.Length; i++)
            Assert.InRange(ocp.Tensor!.InlierExponent[i] - search.Tensor.InlierExponent[i], 0, 2);
        Assert.Contains(Enumerable.Range(0, search.Tensor.InlierExponent.Length), i => search.Tensor.InlierExponent[i] != ocp.Tensor!.InlierExponent[i]);
        double es = 0, eo = 0;
        for (int i = 0; i < w.Length; i++) { es += Math.Pow(w[i] - search.Dequantized[i], 2); eo += Math.Pow(w[i] - ocp.Dequantized[i], 2); }
        Assert.True(es < eo, $"searched exponent error {es} vs OCP rule {eo}");
        // Act-order changes only the visiting order: without GPTQ (no feedback) the result is identical.
        Assert.Equal(search.Dequantized, MicroScopiQQuantizer.Quantize(w, n, k, o with { Gptq = false, ActOrder = false }).Dequantized);
    }

    [Fact]
    public void SyntheticSourcesAreDeterministic()
    {
        Assert.Equal(SyntheticLayer.Weights(128, 16, 9), SyntheticLayer.Weights(128, 16, 9));
        Assert.NotEqual(SyntheticLayer.Weights(128, 16, 9), SyntheticLayer.Weights(128, 16, 10));
        Assert.Equal(SyntheticLayer.Activations(16, 32, 9), SyntheticLayer.Activations(16, 32, 9));
        var a = new SplitMix64(42); var b = new SplitMix64(42);
        for (int i = 0; i < 10; i++) Assert.Equal(a.Next(), b.Next());
    }

    [Theory]
    [InlineData(24)]
    [InlineData(150)] // several 64-wide factorization blocks plus ragged tails
    public void InverseCholeskyFactorInvertsTheDampedHessian(int k)
    {
        int t = 2 * k + 16;
        var x = SyntheticLayer.Activations(k, t, 2);
        var h = Numerics.Hessian.FromActivations(x, k, t);
        var hd = (double[])h.Clone();
        var u = Numerics.Hessian.InverseUpperCholesky(h, k, 0.01, out _);
        double damp = 0.01 * Enumerable.Range(0, k).Average(i => hd[i * k + i]);
        for (int i = 0; i < k; i++) hd[i * k + i] += damp;
        // (UᵀU)·H = I
        var inv = new double[k * k];
        for (int i = 0; i < k; i++)
            for (int m = 0; m < k; m++)
                for (int r = 0; r < k; r++) inv[i * k + m] += u[r * k + i] * (double)u[r * k + m];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                if (i > j) Assert.Equal(0f, u[i * k + j]);
                double s = 0;
                for (int m = 0; m < k; m++) s += inv[i * k + m] * hd[m * k + j];
                Assert.Equal(i == j ? 1.0 : 0.0, s, 1e-3);
            }
    }
}
