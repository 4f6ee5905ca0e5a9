using CsCheck;
using SmartQuant.Quant.BitPlanes;

namespace SmartQuant.Quant.Tests;

public class BitPlaneTests
{
    [Fact]
    public void PlacementRoundTripsAndPlanesAreMsbFirst()
    {
        Gen.SByte.Array[1, 1500].Sample(w =>
        {
            var s = BitPlaneStore.FromInt8(w);
            Assert.Equal(w, s.ToInt8());
            Assert.Equal(s.Blocks * 8 * 64, s.Data.Length);
            for (int i = 0; i < w.Length; i++)
                for (int j = 0; j < 8; j++)
                {
                    int b = i / 512, x = i % 512;
                    Assert.Equal(((byte)w[i] >> j) & 1, s.Data[(b * 8 + 7 - j) * 64 + x / 8] >> (x % 8) & 1);
                }
        }, iter: 30);
        Gen.UShort.Array[1, 1100].Sample(w => Assert.Equal(w, BitPlaneStore.FromBf16(w).ToBf16()), iter: 30);
    }

    [Fact]
    public void TruncatedViewsEqualTopBitsAndFetchKPlanes()
    {
        Gen.Select(Gen.SByte.Array[1, 1100], Gen.Int[1, 8], Gen.Bool).Sample((w, k, packed) =>
        {
            var s = BitPlaneStore.FromInt8(w);
            var v = new KBitView(s, k, packed ? AliasFormat.Packed : AliasFormat.Padded);
            Assert.Equal(k, v.PlanesFetched);
            Assert.Equal(k * 64, v.BytesFetchedPerBlock);
            var all = v.ReadAll();
            Assert.Equal(s.Blocks * (packed ? k : 8) * 64, all.Length);
            if (packed)
            {
                var codes = KBitView.UnpackPacked(all, k, w.Length);
                for (int i = 0; i < w.Length; i++) Assert.Equal((byte)w[i] >> (8 - k), codes[i]);
            }
            else
                for (int i = 0; i < w.Length; i++) Assert.Equal((byte)((byte)w[i] >> (8 - k) << (8 - k)), all[i]);
        }, iter: 60);
    }

    [Fact]
    public void GuardPlaneRoundsInt8ToNearestTiesUpAndSaturates()
    {
        var all = Enumerable.Range(-128, 256).Select(x => (sbyte)x).ToArray();
        var s = BitPlaneStore.FromInt8(all);
        for (int k = 1; k < 8; k++)
        {
            var v = new KBitView(s, k, AliasFormat.Packed, ViewRounding.GuardPlane);
            Assert.Equal(k + 1, v.PlanesFetched);
            var codes = KBitView.UnpackPacked(v.ReadAll(), k, all.Length);
            int step = 1 << (8 - k), max = (1 << (k - 1)) - 1;
            for (int i = 0; i < all.Length; i++)
            {
                int c = codes[i] >= 1 << (k - 1) ? codes[i] - (1 << k) : codes[i]; // signed k-bit
                int expect = Math.Min((int)Math.Floor(all[i] / (double)step + 0.5), max);
                Assert.Equal(expect, c);
                if (expect < max) Assert.True(Math.Abs(all[i] - c * step) <= step / 2);
            }
        }
        var full = new KBitView(s, 8, AliasFormat.Padded, ViewRounding.GuardPlane);
        Assert.Equal(8, full.PlanesFetched);
        Assert.Equal(all.Select(x => (byte)x).ToArray(), full.ReadAll()[..256]);
    }

    [Fact]
    public void GuardPlaneOnBf16RoundsMagnitudeAndNeverMakesInfOrNaN()
    {
        Gen.Select(Gen.Float[-1e30f, 1e30f].Array[1, 600], Gen.Int[1, 15]).Sample((f, k) =>
        {
            var bits = f.Select(x => (ushort)(BitConverter.SingleToUInt32Bits(x) >> 16)).ToArray();
            var s = BitPlaneStore.FromBf16(bits);
            var v = new KBitView(s, k, AliasFormat.Padded, ViewRounding.GuardPlane);
            var lines = v.ReadAll();
            for (int i = 0; i < bits.Length; i++)
            {
                ushort got = BitConverter.ToUInt16(lines, 2 * i);
                int trunc = bits[i] >> (16 - k) << (16 - k);
                Assert.True(got == trunc || got == trunc + (1 << (16 - k)) && (bits[i] >> (15 - k) & 1) == 1);
                Assert.NotEqual(0x7F80, got & 0x7F80); // finite in, finite out
            }
        }, iter: 60);
    }

    [Fact]
    public void PlaneAccessorMatchesImageAndBf16PaddedLayout()
    {
        var w = Enumerable.Range(0, 1024).Select(i => (ushort)(i * 37)).ToArray();
        var s = BitPlaneStore.FromBf16(w);
        Assert.Equal(s.Data.AsSpan(64 * (16 + 15 - 3), 64).ToArray(), s.Plane(1, 3).ToArray());
        var v = new KBitView(s, 16, AliasFormat.Padded);
        var line = v.ReadLine(1, 2);
        for (int i = 0; i < 32; i++) Assert.Equal(w[512 + 64 + i], BitConverter.ToUInt16(line, 2 * i));
    }
}
