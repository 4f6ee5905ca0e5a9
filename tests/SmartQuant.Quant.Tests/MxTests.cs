using CsCheck;
using SmartQuant.Quant.Mx;

namespace SmartQuant.Quant.Tests;

public class MxTests
{
    // Element value tables from the OCP MX v1.0 spec (max normal, min normal, min subnormal).
    [Theory]
    [InlineData("e5m2", 57344.0, 6.103515625e-05, 1.52587890625e-05)]
    [InlineData("e4m3", 448.0, 0.015625, 0.001953125)]
    [InlineData("e3m2", 28.0, 0.25, 0.0625)]
    [InlineData("e2m3", 7.5, 1.0, 0.125)]
    [InlineData("e2m1", 6.0, 1.0, 0.5)]
    public void FloatElementTables(string name, double maxNormal, double minNormal, double minSub)
    {
        var f = MxElementFormat.Parse(name);
        Assert.Equal(maxNormal, f.MaxNormal);
        Assert.Equal(minNormal, f.MinNormal);
        Assert.Equal(minSub, f.MinSubnormal);
        // The tables agree with the codes: the largest finite code decodes to max normal, code 1 to min subnormal.
        double largest = 0;
        for (int c = 0; c < 1 << (f.Bits - 1); c++)
        {
            double v = MxElementCodec.Decode(c, f);
            if (double.IsFinite(v)) largest = Math.Max(largest, v);
        }
        Assert.Equal(maxNormal, largest);
        Assert.Equal(minSub, MxElementCodec.Decode(1, f));
    }

    [Fact]
    public void Int8Table()
    {
        var f = MxElementFormat.Int8;
        Assert.Equal(127.0 / 64, f.MaxNormal);
        Assert.Equal(1.0 / 64, f.MinSubnormal);
        var blk = MxQuantizer.Quantize([-127.9, 1.0], f); // X = 6; -127.9/64 rounds to -2.0, which saturates
        Assert.DoesNotContain(blk.Codes, c => c == 0x80); // -2.0 never produced
        Assert.Equal(-127.0, blk.Decode()[0]);
    }

    [Fact]
    public void SharedExponentIsExactFloorLog2MinusEmax()
    {
        // Just below / at a power of two: a floating log2 could round 2^k − ulp up to k.
        double below = Math.BitDecrement(8.0);
        Assert.Equal(2 - 2, MxQuantizer.SharedExponent([below], MxElementFormat.E2M1));
        Assert.Equal(3 - 2, MxQuantizer.SharedExponent([8.0], MxElementFormat.E2M1));
        Assert.Equal(3 - 8, MxQuantizer.SharedExponent([-8.0, 1], MxElementFormat.E4M3));
        Assert.Equal(-127, MxQuantizer.SharedExponent([0.0, 0.0], MxElementFormat.Int8));
        Assert.Equal(-127, MxQuantizer.SharedExponent([1e-60], MxElementFormat.Int8));
        Assert.Null(MxQuantizer.SharedExponent([1.0, double.NaN], MxElementFormat.Int8));
        Assert.Null(MxQuantizer.SharedExponent([double.PositiveInfinity], MxElementFormat.E5M2));
        Assert.Null(MxQuantizer.SharedExponent([1e300], MxElementFormat.Int8));
    }

    [Fact]
    public void TiesAndSaturation()
    {
        // MXFP4: 0.25 with X = 0 (block max 6 → floor(log2 6) − 2 = 0) is a tie between 0 and 0.5.
        Assert.Equal(0.5, MxQuantizer.Quantize([6.0, 0.25], MxElementFormat.E2M1, MxRounding.HalfAwayFromZero).Decode()[1]);
        Assert.Equal(0.0, MxQuantizer.Quantize([6.0, 0.25], MxElementFormat.E2M1, MxRounding.HalfEven).Decode()[1]);
        Assert.Equal(-0.5, MxQuantizer.Quantize([6.0, -0.25], MxElementFormat.E2M1).Decode()[1]);
        // E4M3: max 957 → X = 9 − 8 = 1; 957/2 = 478.5 saturates at 448 → 896.
        Assert.Equal(896.0, MxQuantizer.Quantize([957.0], MxElementFormat.E4M3).Decode()[0]);
        // MXINT8: 1.99609375 saturates at 127/64.
        Assert.Equal(127.0 / 64, MxQuantizer.Quantize([1.99609375], MxElementFormat.Int8).Decode()[0]);
        Assert.Equal(1.0 / 64, MxQuantizer.Quantize([1.5, 0.0078125], MxElementFormat.Int8).Decode()[1]);
        Assert.Equal(0.0, MxQuantizer.Quantize([1.5, 0.0078125], MxElementFormat.Int8, MxRounding.HalfEven).Decode()[1]);
    }

    [Fact]
    public void NonFiniteAndZeroBlocks()
    {
        var nan = MxQuantizer.Quantize([1.0, double.NaN], MxElementFormat.E4M3);
        Assert.Equal(E8M0.NaN, nan.ScaleCode);
        Assert.All(nan.Decode(), v => Assert.True(double.IsNaN(v)));
        var inf = MxQuantizer.Quantize([1.0, double.NegativeInfinity], MxElementFormat.E5M2);
        Assert.Equal(E8M0.NaN, inf.ScaleCode);
        var zero = MxQuantizer.Quantize([0.0, -0.0], MxElementFormat.Int8);
        Assert.Equal(0x00, zero.ScaleCode);
        Assert.All(zero.Decode(), v => Assert.False(double.IsNegative(v)));
    }

    private static readonly Gen<double> Finite = Gen.Double[-1e6, 1e6];

    [Fact]
    public void DecodeOfEncodeIsNearestGridValueAndCodesRoundTrip()
    {
        Gen.Select(Finite.Array[1, 40], Gen.Int[0, MxElementFormat.All.Count - 1], Gen.Bool).Sample((xs, fi, even) =>
        {
            var f = MxElementFormat.All[fi];
            var mode = even ? MxRounding.HalfEven : MxRounding.HalfAwayFromZero;
            var blk = MxQuantizer.Quantize(xs, f, mode);
            int se = blk.SharedExponent!.Value;
            var dq = blk.Decode();
            double scale = Math.ScaleB(1.0, se);
            double amax = xs.Max(Math.Abs);
            for (int i = 0; i < xs.Length; i++)
            {
                Assert.True(Math.Abs(dq[i]) <= f.MaxNormal * scale);
                Assert.Equal(dq[i], Math.ScaleB(MxElementCodec.Decode(blk.Codes[i], f), se));
                Assert.Equal(blk.Codes[i], MxElementCodec.Encode(MxElementCodec.Decode(blk.Codes[i], f), f));
                if (dq[i] != 0) Assert.Equal(Math.Sign(xs[i]), Math.Sign(dq[i]));
            }
            // The block maximum never collapses to zero (it lands in the top binade before saturation).
            if (amax > 0 && se > -127) Assert.NotEqual(0.0, dq.Max(Math.Abs));
        }, iter: 2000);
    }

    [Fact]
    public void QuantizeIsNearestOnTheGrid()
    {
        // Exhaustive over the E2M3 grid: every value's error is no larger than the distance to any grid point.
        var f = MxElementFormat.E2M3;
        var grid = Enumerable.Range(0, 64).Select(c => MxElementCodec.Decode(c, f)).ToArray();
        for (double v = -8; v <= 8; v += 1.0 / 64)
        {
            double q = MxElementCodec.Quantize(v, f, MxRounding.HalfEven);
            double best = grid.Min(g => Math.Abs(g - Math.Clamp(v, -f.MaxNormal, f.MaxNormal)));
            Assert.Equal(best, Math.Abs(q - Math.Clamp(v, -f.MaxNormal, f.MaxNormal)));
        }
    }
}
