namespace SmartQuant.Quant.BitPlanes;

/// <summary>How the stored B-bit words are interpreted when a view rounds them.</summary>
public enum WordKind
{
    /// <summary>INT8 two's complement (B = 8).</summary>
    Int8,
    /// <summary>BF16 bit pattern, planes ordered sign, exponent MSB…LSB, mantissa MSB…LSB (B = 16).</summary>
    Bf16,
}

/// <summary>
/// SmartQuant bit-plane placement: the tensor is cut into blocks of 512 weights (the tail zero-padded); bit j of
/// every weight of a block forms one 64-byte plane (weight w at byte w / 8, bit w % 8); the B planes of a block
/// are contiguous, MSB plane first, so plane j of block b starts at byte (b·B + (B − 1 − j))·64.
/// </summary>
public sealed class BitPlaneStore
{
    public const int BlockWeights = 512;
    public const int PlaneBytes = 64;

    public WordKind Kind { get; }
    /// <summary>Stored bits per weight (8 or 16).</summary>
    public int Bits { get; }
    public int Count { get; }
    public int Blocks { get; }
    /// <summary>The physical image, Blocks · Bits · 64 bytes.</summary>
    public byte[] Data { get; }

    private BitPlaneStore(WordKind kind, int count)
    {
        Kind = kind; Bits = kind == WordKind.Int8 ? 8 : 16; Count = count;
        Blocks = (count + BlockWeights - 1) / BlockWeights;
        Data = new byte[(long)Blocks * Bits * PlaneBytes];
    }

    public static BitPlaneStore FromInt8(ReadOnlySpan<sbyte> weights)
    {
        var s = new BitPlaneStore(WordKind.Int8, weights.Length);
        for (int i = 0; i < weights.Length; i++) s.Scatter(i, (byte)weights[i]);
        return s;
    }

    public static BitPlaneStore FromBf16(ReadOnlySpan<ushort> weights)
    {
        var s = new BitPlaneStore(WordKind.Bf16, weights.Length);
        for (int i = 0; i < weights.Length; i++) s.Scatter(i, weights[i]);
        return s;
    }

    /// <summary>Rebuilds a store from a physical image (e.g. one the RTL wrote).</summary>
    public static BitPlaneStore FromImage(WordKind kind, int count, ReadOnlySpan<byte> image)
    {
        var s = new BitPlaneStore(kind, count);
        if (image.Length != s.Data.Length) throw new ArgumentException($"image is {image.Length} bytes, expected {s.Data.Length}");
        image.CopyTo(s.Data);
        return s;
    }

    private void Scatter(int i, int word)
    {
        int b = i / BlockWeights, w = i % BlockWeights;
        for (int j = 0; j < Bits; j++)
            if ((word >> j & 1) != 0) Data[PlaneOffset(b, j) + (w >> 3)] |= (byte)(1 << (w & 7));
    }

    /// <summary>Byte offset of plane <paramref name="bit"/> (0 = LSB … Bits−1 = MSB) of block <paramref name="block"/>.</summary>
    public long PlaneOffset(int block, int bit)
    {
        if ((uint)block >= (uint)Blocks) throw new ArgumentOutOfRangeException(nameof(block), $"block {block} outside 0…{Blocks - 1}");
        if ((uint)bit >= (uint)Bits) throw new ArgumentOutOfRangeException(nameof(bit), $"plane {bit} outside 0…{Bits - 1}");
        return ((long)block * Bits + (Bits - 1 - bit)) * PlaneBytes;
    }

    /// <summary>The 64 bytes of plane <paramref name="bit"/> of block <paramref name="block"/> (one DRAM burst / CXL line).</summary>
    public ReadOnlySpan<byte> Plane(int block, int bit) => Data.AsSpan((int)PlaneOffset(block, bit), PlaneBytes);

    /// <summary>The stored word of weight i, gathered from the planes (inverse of the placement).</summary>
    public int Word(int i)
    {
        int b = i / BlockWeights, w = i % BlockWeights, word = 0;
        for (int j = 0; j < Bits; j++) word |= (Plane(b, j)[w >> 3] >> (w & 7) & 1) << j;
        return word;
    }

    public sbyte[] ToInt8()
    {
        if (Kind != WordKind.Int8) throw new InvalidOperationException("store does not hold INT8");
        var r = new sbyte[Count];
        for (int i = 0; i < Count; i++) r[i] = (sbyte)(byte)Word(i);
        return r;
    }

    public ushort[] ToBf16()
    {
        if (Kind != WordKind.Bf16) throw new InvalidOperationException("store does not hold BF16");
        var r = new ushort[Count];
        for (int i = 0; i < Count; i++) r[i] = (ushort)Word(i);
        return r;
    }
}
