using CsCheck;
using SmartQuant.Quant.MicroScopiQ;
using SmartQuant.Quant.Recon;

namespace SmartQuant.Quant.Tests;

public class PackedFormatTests
{
    /// <summary>A random but legal tensor built field by field (independent of the quantizer).</summary>
    internal static QuantizedTensor RandomTensor(ulong seed, int bb, int rows, int cols)
    {
        var rng = new Sources.SplitMix64(seed);
        var q = new QuantizedTensor(rows, cols, new MicroScopiQLayout(bb));
        var topo = new ReconTopology(8);
        int sign = 1 << (bb - 1), h = bb / 2;
        for (int i = 0; i < q.InlierExponent.Length; i++) q.InlierExponent[i] = (int)rng.NextInt(255) - 127;
        for (int i = 0; i < q.Codes.Length; i++)
        {
            int c = (int)rng.NextInt(1 << bb);
            q.Codes[i] = (byte)(c == sign ? 0 : c);
        }
        for (int mi = 0; mi < q.PairCount.Length; mi++)
        {
            int n = rng.NextInt(3) == 0 ? (int)rng.NextInt(5) : 0;
            if (n == 0) continue;
            var lanes = Enumerable.Range(0, 8).OrderBy(_ => rng.Next()).ToArray();
            var pairs = ReconPairing.FindRoutable(topo, lanes[..n], lanes[n..(2 * n)])!;
            q.PairCount[mi] = (byte)n;
            q.DeltaO[mi] = (byte)rng.NextInt(256);
            int k = mi / q.MicroBlocksPerCol, n0 = (mi % q.MicroBlocksPerCol) * 8;
            for (int e = 0; e < n; e++)
            {
                q.Pairs[mi * 4 + e] = (byte)(pairs[e].Upper << 3 | pairs[e].Lower);
                int s = rng.NextInt(2) == 0 ? 0 : sign;
                q.Codes[k * rows + n0 + pairs[e].Upper] = (byte)(s | (int)rng.NextInt(1 << h));
                q.Codes[k * rows + n0 + pairs[e].Lower] = (byte)(s | (int)rng.NextInt(1 << h));
            }
        }
        return q;
    }

    [Fact]
    public void RoundTripOnRandomTensors()
    {
        Gen.Select(Gen.ULong, Gen.Int[0, 1], Gen.Int[1, 3], Gen.Int[1, 9]).Sample((seed, bbi, macros, cols) =>
        {
            int bb = bbi == 0 ? 2 : 4;
            var q = RandomTensor(seed, bb, 128 * macros, cols);
            var p = MicroScopiQPacker.Pack(q);
            var back = MicroScopiQPacker.Unpack(PackedTensor.FromBytes(p.ToBytes()));
            Assert.True(q.ContentEquals(back));
            Assert.Equal(q.Dequantize(), back.Dequantize());
            Assert.Equal(p.TotalBits, (long)(EffectiveBitWidth.Of(q).Full * q.Count + 0.5));
        }, iter: 200);
    }

    [Fact]
    public void ValidatorRejectsEverySingleBitCorruptionItCanDetectAndNeverCrashes()
    {
        var q = RandomTensor(7, 2, 128, 4);
        var bytes = MicroScopiQPacker.Pack(q).ToBytes();
        int rejected = 0, accepted = 0;
        for (int bit = 0; bit < bytes.Length * 8; bit++)
        {
            var c = (byte[])bytes.Clone();
            c[bit >> 3] ^= (byte)(1 << (bit & 7));
            try
            {
                var back = MicroScopiQPacker.Unpack(PackedTensor.FromBytes(c));
                Assert.False(back.ContentEquals(q)); // an accepted flip must change the content, never be ignored
                accepted++;
            }
            catch (InvalidDataException e) { Assert.False(string.IsNullOrWhiteSpace(e.Message)); rejected++; }
        }
        Assert.True(rejected > 0 && accepted > 0);
    }

    [Fact]
    public void SpecificCorruptionsGiveClearErrors()
    {
        var q = RandomTensor(11, 4, 128, 2);
        var p = MicroScopiQPacker.Pack(q);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => PackedTensor.FromBytes(p.ToBytes()[..20])).Message);
        Assert.Contains("bad magic", Assert.Throws<InvalidDataException>(() => PackedTensor.FromBytes(new byte[60])).Message);
        var shortMeta = p with { Metadata = p.Metadata[..^1] };
        Assert.Throws<InvalidDataException>(() => MicroScopiQPacker.Unpack(shortMeta));
        var nanScale = p with { Metadata = (byte[])p.Metadata.Clone() };
        nanScale.Metadata[0] = 0xFF;
        Assert.Contains("NaN", Assert.Throws<InvalidDataException>(() => MicroScopiQPacker.Unpack(nanScale)).Message);
        var shortWeights = p with { Weights = p.Weights[..^1] };
        Assert.Contains("weight section", Assert.Throws<InvalidDataException>(() => MicroScopiQPacker.Unpack(shortWeights)).Message);
    }

    [Fact]
    public void RecordBitLayoutMatchesDecisions()
    {
        var q = new QuantizedTensor(128, 1, new MicroScopiQLayout(2));
        q.InlierExponent[0] = -5;
        q.PairCount[3] = 2; q.DeltaO[3] = 9;
        q.Pairs[12] = 1 << 3 | 4; q.Pairs[13] = 6 << 3 | 2; // (1,4) (6,2)
        var meta = MicroScopiQPacker.Pack(q).Metadata;
        Assert.Equal(3 + 4, meta.Length);
        Assert.Equal(-5 + 127, meta[0]);
        Assert.Equal(1 << 3, meta[1] | meta[2] << 8);
        uint rec = BitConverter.ToUInt32(meta, 3);
        Assert.Equal(9u, rec >> 24);
        Assert.Equal((1u << 3 | 4) | (6u << 3 | 2) << 6, rec & 0xFFFFFF);
    }

    [Fact]
    public void WeightCodesArePackedLsbFirst()
    {
        byte[] codes = [1, 2, 3, 0, 2];
        Assert.Equal(new byte[] { 1 | 2 << 2 | 3 << 4, 2 }, MicroScopiQPacker.PackCodes(codes, 2));
        Assert.Equal(new byte[] { 1 | 2 << 4, 3, 2 }, MicroScopiQPacker.PackCodes(codes, 4));
        Gen.Byte.Array[0, 50].Sample(a =>
        {
            var c2 = a.Select(x => (byte)(x & 3)).ToArray();
            var back = new byte[c2.Length];
            MicroScopiQPacker.UnpackCodes(MicroScopiQPacker.PackCodes(c2, 2), 2, back);
            Assert.Equal(c2, back);
        });
    }

    [Fact]
    public void ValidatorRejectsInlierMinusZeroAndBadRecordsButAcceptsZeroLowerHalves()
    {
        static QuantizedTensor Make()
        {
            var q = new QuantizedTensor(256, 2, new MicroScopiQLayout(2));
            int mi = 1 * q.MicroBlocksPerCol + 17; // column 1, channels 136…143
            q.PairCount[mi] = 1; q.DeltaO[mi] = 3; q.Pairs[mi * 4] = 2 << 3 | 5;
            q.Codes[256 + 136 + 2] = 0b11; // Upper {−, 1}
            q.Codes[256 + 136 + 5] = 0b10; // Lower {−, 0}: the bare sign bit is legal in a half
            return q;
        }
        var ok = MicroScopiQPacker.Unpack(MicroScopiQPacker.Pack(Make()));
        Assert.True(Make().ContentEquals(ok));
        var minusZero = Make();
        minusZero.Codes[256 + 200] = 0b10;
        Assert.Contains("column 1 channel 200: inlier code −0", Assert.Throws<InvalidDataException>(() => MicroScopiQPacker.Unpack(MicroScopiQPacker.Pack(minusZero))).Message);
        var signs = Make();
        signs.Codes[256 + 136 + 5] = 0b00;
        Assert.Contains("different signs", Assert.Throws<InvalidDataException>(() => MicroScopiQPacker.Unpack(MicroScopiQPacker.Pack(signs))).Message);
        var unsorted = Make();
        int m2 = 1 * unsorted.MicroBlocksPerCol + 17;
        unsorted.PairCount[m2] = 2; unsorted.Pairs[m2 * 4] = 6 << 3 | 1; unsorted.Pairs[m2 * 4 + 1] = 2 << 3 | 5;
        Assert.Contains("column 1 macro-block 1 micro-block 1: permutation entries not sorted", Assert.Throws<InvalidDataException>(() => MicroScopiQPacker.Unpack(MicroScopiQPacker.Pack(unsorted))).Message);
    }
}
