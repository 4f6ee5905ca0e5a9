using SmartQuant.Quant.Olive;
using SmartQuant.Quant.Sources;
using SmartQuant.RealModel;

namespace SmartQuant.RealModel.Tests;

public class OliveMethodTests
{
    // The eval's "olive" is the OliVe quantizer with an FP16 scale per 128 inputs: same Ŵ, EBW bb + 16/128, and
    // the outlier share is kept outliers (one per outlier pair) over all weights.
    [Theory]
    [InlineData(4)]
    [InlineData(2)]
    public void Olive_method_is_the_quantizer_with_groups_of_128(int bits)
    {
        const int n = 32, k = 256;
        var rng = new SplitMix64(7);
        var w = new float[n * k];
        for (int i = 0; i < w.Length; i++) w[i] = (float)(0.02 * rng.NextGaussian() * (rng.NextDouble() < 0.01 ? 12 : 1));
        var q = QuantMethod.Quantize("olive", bits, w, n, k);
        var t = OliveQuantizer.Quantize(w, n, k, bits, 128);
        Assert.Equal(t.Dequantize(), q.Dequantized);
        Assert.Equal(bits, q.EbwWeights);
        Assert.Equal(bits + 0.125, q.EbwMetadata);
        Assert.Equal((double)t.OutlierPairs / w.Length, q.OutlierShare);
        Assert.True(q.OutlierShare > 0);
        Assert.Contains("olive", QuantMethod.Public);
    }

    [Fact]
    public void Olive_rejects_an_odd_input_width()
    {
        Assert.Contains("even K", Assert.Throws<ArgumentException>(() => QuantMethod.Quantize("olive", 4, new float[4 * 7], 4, 7)).Message);
    }
}
