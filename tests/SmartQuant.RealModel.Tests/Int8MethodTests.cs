using SmartQuant.Quant.Sources;
using SmartQuant.RealModel;

namespace SmartQuant.RealModel.Tests;

/// <summary>
/// The INT8 (W8A8) mac-array's weights in the eval: rtn at 8 bits, INT8 codes −127…127 with one scale per output channel
/// (EBW 8 + 16/K), so `report accelerators` has a cosine for every design; no other method exists at 8 bits.
/// </summary>
public class Int8MethodTests
{
    [Fact]
    public void Rtn_at_8_bits_is_int8_per_output_channel()
    {
        const int n = 16, k = 64;
        var rng = new SplitMix64(3);
        var w = new float[n * k];
        for (int i = 0; i < w.Length; i++) w[i] = (float)(0.05 * rng.NextGaussian());
        var q = QuantMethod.Quantize("rtn", 8, w, n, k);
        Assert.Equal(8 + 16.0 / k, q.EbwMetadata);
        for (int row = 0; row < n; row++)
        {
            double amax = 0;
            for (int c = 0; c < k; c++) amax = Math.Max(amax, Math.Abs(w[row * k + c]));
            double s = amax / 127;
            for (int c = 0; c < k; c++)
            {
                double code = q.Dequantized[row * k + c] / s;
                Assert.InRange(code, -127.0001, 127.0001);
                Assert.Equal(Math.Round(code), code, 3);                       // on the INT8 grid of the row's scale
                Assert.True(Math.Abs(q.Dequantized[row * k + c] - w[row * k + c]) <= s / 2 * 1.0001);   // rounded to nearest
            }
        }
    }

    [Fact]
    public void Only_rtn_exists_at_8_bits()
    {
        QuantMethod.Validate("rtn", 8);
        foreach (var m in QuantMethod.Public.Where(m => m != "rtn"))
        {
            Assert.False(QuantMethod.Supports(m, 8), m);
            Assert.Contains("8 bits", Assert.Throws<ArgumentException>(() => QuantMethod.Validate(m, 8)).Message);
        }
        Assert.Throws<ArgumentException>(() => QuantMethod.Validate("rtn", 3));
    }
}
