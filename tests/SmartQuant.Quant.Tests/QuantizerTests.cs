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
        var rows = Ablation.Run([(256, 256)], 2, 3, calibTokens: 1024, evalTokens: 256);
        double mx = rows[1].RelativeError, outl = rows[2].RelativeError, gptq = rows[4].RelativeError;
        Assert.True(outl < mx, $"outliers {outl} vs MX-INT {mx}");
        Assert.True(gptq < outl, $"GPTQ {gptq} vs no GPTQ {outl}");
        Assert.True(mx / gptq > 2, $"MicroScopiQ only {mx / gptq:F2}x better than MX-INT-2");
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

    [Fact]
    public void InverseCholeskyFactorInvertsTheDampedHessian()
    {
        int k = 24, t = 64;
        var x = SyntheticLayer.Activations(k, t, 2);
        var h = Numerics.Hessian.FromActivations(x, k, t);
        var hd = (double[])h.Clone();
        var u = Numerics.Hessian.InverseUpperCholesky(h, k, 0.01, out _);
        double damp = 0.01 * Enumerable.Range(0, k).Average(i => hd[i * k + i]);
        for (int i = 0; i < k; i++) hd[i * k + i] += damp;
        // (UᵀU)·H = I
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                if (i > j) Assert.Equal(0f, u[i * k + j]);
                double s = 0;
                for (int m = 0; m < k; m++)
                {
                    double inv = 0;
                    for (int r = 0; r < k; r++) inv += u[r * k + i] * (double)u[r * k + m];
                    s += inv * hd[m * k + j];
                }
                Assert.Equal(i == j ? 1.0 : 0.0, s, 1e-3);
            }
    }
}
