using System.Globalization;
using SmartQuant.Quant.Mx;
using SmartQuant.Quant.Numerics;
using SmartQuant.Quant.Sources;

namespace SmartQuant.Quant.Tests;

/// <summary>Printed values read back as the identical double (what `smartquant mx quantize` and summary.json print).</summary>
public class ExactDecimalTests
{
    private static double Parse(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static void RoundTrips(double v)
    {
        string s = ExactDecimal.Format(v);
        Assert.True(BitConverter.DoubleToInt64Bits(Parse(s)) == BitConverter.DoubleToInt64Bits(v), $"{s} does not read back as {v:G17}");
    }

    [Fact]
    public void EveryPowerOfTwoInTheDoubleRangeRoundTrips()
    {
        for (int e = -1074; e <= 1023; e++) // subnormals from 2^-1074, normals to 2^1023
        {
            double p = Math.ScaleB(1.0, e);
            Assert.NotEqual(0.0, p);
            RoundTrips(p);
            RoundTrips(-p);
        }
        Assert.Equal("2.9802322387695312E-08", ExactDecimal.Format(Math.ScaleB(1.0, -25))); // the value "R" misprints
    }

    [Fact]
    public void EveryDecodedValueOfRandomMxBlocksRoundTrips()
    {
        var rng = new SplitMix64(2024);
        var block = new double[32];
        int values = 0;
        foreach (var f in MxElementFormat.All)
            foreach (var rounding in new[] { MxRounding.HalfAwayFromZero, MxRounding.HalfEven })
                for (int b = 0; b < 100; b++)
                {
                    int scale = (int)(rng.Next() % 260) - 130; // block scales across the whole E8M0 range
                    for (int i = 0; i < block.Length; i++) block[i] = rng.NextGaussian() * Math.ScaleB(1.0, scale + (int)(rng.Next() % 9) - 4);
                    foreach (double v in MxQuantizer.Quantize(block, f, rounding).Decode()) { RoundTrips(v); values++; }
                }
        Assert.Equal(MxElementFormat.All.Count * 2 * 100 * 32, values);
    }

    [Fact]
    public void SpecialValuesAndFloatsRoundTrip()
    {
        Assert.Equal("NaN", ExactDecimal.Format(double.NaN));
        Assert.Equal("-0", ExactDecimal.Format(-0.0));
        RoundTrips(double.PositiveInfinity); RoundTrips(double.NegativeInfinity); RoundTrips(double.MaxValue); RoundTrips(double.Epsilon);
        for (int e = -149; e <= 127; e++)
        {
            float p = MathF.ScaleB(1f, e);
            Assert.Equal(p, float.Parse(ExactDecimal.Format(p), NumberStyles.Float, CultureInfo.InvariantCulture));
        }
    }
}
