using SmartQuant.Quant.Olive;
using SmartQuant.Quant.Quality;
using SmartQuant.Quant.Sources;

namespace SmartQuant.Quant.Tests;

public class OliveTests
{
    // The abfloat grid follows from its definition: the E2M1 (resp. single-magnitude E1M0) grid shifted by the
    // smallest power of two that clears the INT range (7 at bb = 4, 1 at bb = 2).
    [Theory]
    [InlineData(4, 4, new[] { 8, 16, 24, 32, 48, 64, 96 })]
    [InlineData(2, 1, new[] { 2 })]
    public void AbFloatGridStartsAboveTheIntRange(int bits, int bias, int[] magnitudes)
    {
        var f = OliveFormat.Of(bits);
        Assert.Equal(bias, f.Outlier.Bias);
        Assert.Equal(magnitudes, f.Outlier.Magnitudes);
        Assert.True(f.Outlier.Min > f.MaxNormal);
        Assert.True(f.Outlier.Min / 2 <= f.MaxNormal); // the bias is the smallest that clears the range
        for (int code = 0; code < 1 << bits; code++)
        {
            if ((code & ((1 << (bits - 1)) - 1)) == 0) { Assert.Throws<ArgumentOutOfRangeException>(() => f.Outlier.Decode(code)); continue; }
            Assert.Equal(code, f.Outlier.Quantize(f.Outlier.Decode(code)));
        }
    }

    // Every pair code decodes, and re-encoding the decoded values gives the same codes; the only codes that do
    // not decode are the ones no encoder writes (identifier twice, identifier beside the abfloat +0 field).
    [Theory]
    [InlineData(4, 15 * 15 + 2 * 14)]
    [InlineData(2, 3 * 3 + 2 * 2)]
    public void EveryPairCodeRoundTrips(int bits, int expectedValid)
    {
        var f = OliveFormat.Of(bits);
        int valid = 0;
        for (int c0 = 0; c0 < 1 << bits; c0++)
            for (int c1 = 0; c1 < 1 << bits; c1++)
            {
                bool ok = !(c0 == f.Identifier && c1 == f.Identifier) && !(c0 == f.Identifier && c1 == 0) && !(c1 == f.Identifier && c0 == 0);
                if (!ok) { Assert.Throws<ArgumentOutOfRangeException>(() => f.Decode(c0, c1)); continue; }
                valid++;
                var (v0, v1) = f.Decode(c0, c1);
                Assert.Equal((c0, c1), f.Encode(v0, v1));
                if (f.IsOutlierPair(c0, c1)) Assert.True(v0 == 0 ^ v1 == 0);
                else Assert.True(Math.Abs(v0) <= f.MaxNormal && Math.Abs(v1) <= f.MaxNormal);
            }
        Assert.Equal(expectedValid, valid);
    }

    [Theory]
    [InlineData(4, 64)]
    [InlineData(2, 32)]
    [InlineData(4, 0)]
    public void OutlierPairsAreExactlyThoseAboveThresholdAndVictimsAreZero(int bits, int group)
    {
        const int n = 24, k = 128;
        var w = Planted(n, k, 0.01, 10, 11);
        var t = OliveQuantizer.Quantize(w, n, k, bits, group);
        var d = t.Dequantize();
        var f = OliveFormat.Of(bits);
        int g = group == 0 ? k : group;
        long pairs = 0;
        for (int r = 0; r < n; r++)
            for (int c = 0; c < k; c += 2)
            {
                double s = (double)t.Scales[r * t.GroupsPerRow + c / g];
                long i = (long)r * k + c;
                double a0 = Math.Abs(w[i]), a1 = Math.Abs(w[i + 1]);
                // Independent threshold: an outlier rounds beyond MaxNormal.
                bool outlierPair = a0 > (f.MaxNormal + 0.5) * s || a1 > (f.MaxNormal + 0.5) * s;
                Assert.Equal(outlierPair, f.IsOutlierPair(t.Codes[i], t.Codes[i + 1]));
                if (outlierPair)
                {
                    pairs++;
                    long keep = a0 >= a1 ? i : i + 1, victim = a0 >= a1 ? i + 1 : i;
                    Assert.Equal(0f, d[victim]);
                    Assert.Equal(Math.Sign(w[keep]), Math.Sign(d[keep]));
                    Assert.Contains((int)Math.Abs(d[keep] / s), f.Outlier.Magnitudes);
                }
                else
                    for (long j = i; j <= i + 1; j++)
                        Assert.Equal((float)(s * Math.Round(w[j] / s, MidpointRounding.AwayFromZero)), d[j]);
            }
        Assert.Equal(pairs, t.OutlierPairs);
        Assert.True(pairs > 0);
        Assert.All(t.Codes, c => Assert.True(c < 1 << bits));
    }

    // Codes are bb bits and the only metadata is one FP16 scale per group: EBW = bb + 16 / group exactly.
    [Theory]
    [InlineData(4, 128, 4.125)]
    [InlineData(2, 128, 2.125)]
    [InlineData(4, 32, 4.5)]
    public void EffectiveBitWidthIsCodesPlusScale(int bits, int group, double ebw)
    {
        var t = OliveQuantizer.Quantize(Planted(8, 256, 0.01, 10, 3), 8, 256, bits, group);
        Assert.Equal(bits, t.EbwWeights);
        Assert.Equal(ebw, t.EbwFull);
        Assert.Equal(8 * 256, t.Codes.Length);
    }

    // On weights with rare large outliers OliVe beats per-row RTN by far (measured MSE ratio 0.082); on plain
    // Gaussian weights its scale search includes RTN's own scale (FP16-rounded) and finds a better one (0.93).
    [Fact]
    public void ErrorAgainstRtn()
    {
        const int n = 64, k = 128;
        var heavy = Planted(n, k, 0.005, 20, 5);
        var plain = Planted(n, k, 0, 1, 6);
        Assert.True(Mse(heavy, Olive(heavy, n, k)) < 0.2 * Mse(heavy, RtnPerChannel.Quantize(heavy, n, k, 4)));
        Assert.True(Mse(plain, Olive(plain, n, k)) < Mse(plain, RtnPerChannel.Quantize(plain, n, k, 4)));
    }

    [Fact]
    public void BadShapesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => OliveQuantizer.Quantize(new float[4 * 7], 4, 7, 4, 0));
        Assert.Throws<ArgumentException>(() => OliveQuantizer.Quantize(new float[4 * 8], 4, 8, 4, 3));
        Assert.Throws<ArgumentException>(() => OliveQuantizer.Quantize(new float[4 * 8], 4, 8, 3, 0));
        Assert.Throws<ArgumentException>(() => OliveQuantizer.Quantize(new float[4 * 8], 4, 9, 4, 0));
    }

    private static float[] Olive(float[] w, int n, int k) => OliveQuantizer.Quantize(w, n, k, 4, k).Dequantize();

    private static double Mse(float[] a, float[] b)
    {
        double e = 0;
        for (int i = 0; i < a.Length; i++) e += (a[i] - (double)b[i]) * (a[i] - (double)b[i]);
        return e / a.Length;
    }

    /// <summary>Gaussian weights (σ = 0.02) with a share <paramref name="p"/> of them multiplied by <paramref name="factor"/>.</summary>
    private static float[] Planted(int n, int k, double p, double factor, ulong seed)
    {
        var rng = new SplitMix64(seed);
        var w = new float[n * k];
        for (int i = 0; i < w.Length; i++) w[i] = (float)(0.02 * rng.NextGaussian() * (rng.NextDouble() < p ? factor : 1));
        return w;
    }
}
