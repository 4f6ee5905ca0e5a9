using SmartQuant.Quant.Sources;
using Xunit;

namespace SmartQuant.Quant.Tests;

/// <summary>The synthetic activations' outlier-mean knob: it moves an outlier feature's energy between a token-constant
/// value and zero-mean fluctuation and changes nothing else.</summary>
public class ActivationModelTests
{
    private const int K = 400, T = 20000;
    private const ulong Seed = 5;

    private static (double Mean, double MeanSquare) Stats(float[] x, int feature)
    {
        double s = 0, s2 = 0;
        for (int j = 0; j < T; j++) { double v = x[(long)feature * T + j]; s += v; s2 += v * v; }
        return (s / T, s2 / T);
    }

    [Fact]
    public void OutlierFeaturesBecomeConstantWithTheirEnergyKept()
    {
        var zeroMean = SyntheticLayer.Activations(K, T, Seed);
        var constant = SyntheticLayer.Activations(K, T, Seed, outlierMeanShare: 1);
        var fluctuation = SyntheticLayer.Activations(K, T, Seed, outlierMeanShare: 1, includeMean: false);
        int outliers = 0;
        for (int i = 0; i < K; i++)
        {
            var a = Stats(zeroMean, i);
            var c = Stats(constant, i);
            bool isOutlier = Math.Abs(c.Mean) > 5 * Math.Sqrt(c.MeanSquare - c.Mean * c.Mean);
            if (!isOutlier)
            {
                // Ordinary features are drawn exactly as before, value for value.
                for (int j = 0; j < T; j++) Assert.Equal(zeroMean[(long)i * T + j], constant[(long)i * T + j]);
                continue;
            }
            outliers++;
            Assert.True(Math.Abs(a.Mean) < 0.05 * Math.Sqrt(a.MeanSquare), $"feature {i}: the default model is zero-mean (mean {a.Mean}, rms {Math.Sqrt(a.MeanSquare)})");
            Assert.InRange(c.MeanSquare / a.MeanSquare, 0.9, 1.1); // same energy, other shape
            // Without the constant only the unboosted fluctuation remains: 10–20x less in RMS.
            Assert.InRange(Math.Sqrt(Stats(fluctuation, i).MeanSquare / a.MeanSquare), 1 / 25.0, 1 / 8.0);
        }
        Assert.InRange(outliers, 1, K / 25); // about 1 % of the features are outliers
    }

    [Fact]
    public void HalfTheExtraEnergyIsConstantAtShareOneHalf()
    {
        var zeroMean = SyntheticLayer.Activations(K, T, Seed);
        var half = SyntheticLayer.Activations(K, T, Seed, outlierMeanShare: 0.5);
        int checkedFeatures = 0;
        for (int i = 0; i < K; i++)
        {
            var a = Stats(zeroMean, i);
            var h = Stats(half, i);
            if (h.Mean * h.Mean < 0.1 * h.MeanSquare) continue; // ordinary feature
            checkedFeatures++;
            Assert.InRange(h.MeanSquare / a.MeanSquare, 0.9, 1.1);
            Assert.InRange(h.Mean * h.Mean / h.MeanSquare, 0.45, 0.55); // (b² − 1)/2 of b² for b = 10–20, plus sampling noise
        }
        Assert.True(checkedFeatures > 0);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void ShareOutsideZeroToOneIsRejected(double share)
        => Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticLayer.Activations(8, 8, 1, outlierMeanShare: share));
}
