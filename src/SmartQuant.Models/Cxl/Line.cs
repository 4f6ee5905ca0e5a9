namespace SmartQuant.Models.Cxl;

/// <summary>512-bit values as 8 little-endian 64-bit words (bit i = word i/64, bit i%64), the port layout.</summary>
internal static class Line
{
    public const int Words = 8;
    public static ulong[] New() => new ulong[Words];
    /// <summary>A shared all-zero line to drive idle data buses (never written).</summary>
    public static readonly ulong[] Zero = new ulong[Words];
    public static bool Bit(ulong[] v, int i) => ((v[i >> 6] >> (i & 63)) & 1) != 0;
    public static void SetBit(ulong[] v, int i, bool b)
    {
        if (b) v[i >> 6] |= 1UL << (i & 63);
        else v[i >> 6] &= ~(1UL << (i & 63));
    }
    /// <summary>Word <paramref name="word"/> of the line mask that byte enables <paramref name="be"/> select (bit i = byte i).</summary>
    public static ulong ByteMask(ulong be, int word)
    {
        ulong m = 0;
        for (var b = 0; b < 8; b++) if (((be >> (8 * word + b)) & 1) != 0) m |= 0xFFUL << (8 * b);
        return m;
    }

    public static ulong[] FromBytes(ReadOnlySpan<byte> bytes)
    {
        var v = New();
        for (var i = 0; i < 64; i++) v[i >> 3] |= (ulong)bytes[i] << (8 * (i & 7));
        return v;
    }
    public static byte[] ToBytes(ReadOnlySpan<ulong> v)
    {
        var b = new byte[64];
        for (var i = 0; i < 64; i++) b[i] = (byte)(v[i >> 3] >> (8 * (i & 7)));
        return b;
    }
}
