namespace SmartQuant.Quant.BitPlanes;

/// <summary>PACKED: k bits per weight, densely packed; PADDED: B-bit containers with the dropped bits zero.</summary>
public enum AliasFormat { Packed, Padded }

/// <summary>Truncate: top k planes. GuardPlane: fetch plane k+1 too and round to nearest (see <see cref="KBitView"/>).</summary>
public enum ViewRounding { Truncate, GuardPlane }

/// <summary>
/// A k-bit alias of a <see cref="BitPlaneStore"/>: what the CXL controller returns, computed only from the planes a
/// read fetches (the hardware oracle for every returned 64-byte line).
/// <para>Code of weight w: c_w = top k bits of the stored word (planes B−1 … B−k). GuardPlane rounding uses the next
/// plane g as well (k &lt; B; for k = B it is the identity):</para>
/// <list type="bullet">
/// <item>INT8 (two's complement): t = top k+1 bits as a signed (k+1)-bit value, c = (t + 1) >> 1 (arithmetic), i.e.
/// round to nearest with ties toward +∞ of the exact value/2^(8−k); the single overflow (t = 2^k − 1, i.e. c would be
/// 2^(k−1)) saturates to 2^(k−1) − 1.</item>
/// <item>BF16 (sign-magnitude): the k−1 magnitude bits below the sign get + g (ties away from zero in magnitude),
/// saturating at the largest magnitude whose container is not Inf/NaN; words whose exponent is all ones (Inf/NaN)
/// are truncated, never rounded.</item>
/// </list>
/// PACKED line l of a block (k lines per block) holds stream bits 512·l … 512·l+511, where stream bit w·k+j = bit j of
/// c_w, LSB-first in bytes. PADDED line l of a block (B lines per block) holds weights 64l…64l+63 (B = 8, one byte each)
/// or 32l…32l+31 (B = 16, little-endian), each c_w &lt;&lt; (B − k).
/// </summary>
public sealed class KBitView
{
    public BitPlaneStore Store { get; }
    public int K { get; }
    public AliasFormat Format { get; }
    public ViewRounding Rounding { get; }

    public KBitView(BitPlaneStore store, int k, AliasFormat format, ViewRounding rounding = ViewRounding.Truncate)
    {
        if (k < 1 || k > store.Bits) throw new ArgumentOutOfRangeException(nameof(k), $"k = {k} outside 1…{store.Bits}");
        Store = store; K = k; Format = format; Rounding = rounding;
    }

    /// <summary>Planes a read of one block fetches from DRAM: k, or k + 1 with a guard plane (k &lt; B).</summary>
    public int PlanesFetched => Rounding == ViewRounding.GuardPlane && K < Store.Bits ? K + 1 : K;
    public int BytesFetchedPerBlock => PlanesFetched * BitPlaneStore.PlaneBytes;
    public int LinesPerBlock => Format == AliasFormat.Packed ? K : Store.Bits;
    /// <summary>Which planes (bit numbers, MSB first) a block read touches.</summary>
    public IEnumerable<int> FetchedPlanes => Enumerable.Range(0, PlanesFetched).Select(i => Store.Bits - 1 - i);

    /// <summary>The k-bit codes of all 512 weights of a block, from the fetched planes only.</summary>
    public ushort[] BlockCodes(int block)
    {
        int bits = Store.Bits, f = PlanesFetched;
        var codes = new ushort[BitPlaneStore.BlockWeights];
        for (int i = 0; i < f; i++)
        {
            var plane = Store.Plane(block, bits - 1 - i);
            for (int w = 0; w < BitPlaneStore.BlockWeights; w++)
                codes[w] = (ushort)(codes[w] << 1 | (plane[w >> 3] >> (w & 7) & 1));
        }
        if (f > K)
            for (int w = 0; w < codes.Length; w++) codes[w] = RoundWithGuard(codes[w]);
        return codes;
    }

    private ushort RoundWithGuard(int top)
    {
        int k = K, g = top & 1, c = top >> 1;
        if (Store.Kind == WordKind.Int8)
        {
            int t = top >= 1 << k ? top - (1 << (k + 1)) : top; // signed (k+1)-bit
            int r = (t + 1) >> 1;
            r = Math.Min(r, (1 << (k - 1)) - 1);
            return (ushort)(r & ((1 << k) - 1));
        }
        int sign = c >> (k - 1), mag = c & ((1 << (k - 1)) - 1);
        // Inf/NaN: with k ≥ 9 the view holds the whole exponent; all ones means "do not round".
        if (k >= 9 && (mag >> (k - 9)) == 0xFF) return (ushort)c;
        int rounded = Math.Min(mag + g, MaxFiniteMagnitude(k));
        return (ushort)(sign << (k - 1) | rounded);
    }

    /// <summary>Largest (k−1)-bit magnitude of a BF16 view whose zero-padded container is finite.</summary>
    internal static int MaxFiniteMagnitude(int k) => k <= 8 ? (1 << (k - 1)) - 1 : (0xFE << (k - 9)) | ((1 << (k - 9)) - 1);

    /// <summary>Writes line <paramref name="line"/> (0 … LinesPerBlock−1) of block <paramref name="block"/> into 64 bytes.</summary>
    public void ReadLine(int block, int line, Span<byte> dest)
    {
        if ((uint)line >= (uint)LinesPerBlock) throw new ArgumentOutOfRangeException(nameof(line), $"line {line} outside 0…{LinesPerBlock - 1}");
        if (dest.Length < 64) throw new ArgumentException("destination must hold 64 bytes");
        var codes = BlockCodes(block);
        dest[..64].Clear();
        if (Format == AliasFormat.Packed)
        {
            for (int bit = 0; bit < 512; bit++)
            {
                long s = 512L * line + bit;
                int w = (int)(s / K), j = (int)(s % K);
                dest[bit >> 3] |= (byte)((codes[w] >> j & 1) << (bit & 7));
            }
        }
        else if (Store.Bits == 8)
        {
            for (int i = 0; i < 64; i++) dest[i] = (byte)(codes[64 * line + i] << (8 - K));
        }
        else
        {
            for (int i = 0; i < 32; i++)
            {
                int v = codes[32 * line + i] << (16 - K);
                dest[2 * i] = (byte)v; dest[2 * i + 1] = (byte)(v >> 8);
            }
        }
    }

    public byte[] ReadLine(int block, int line)
    {
        var b = new byte[64];
        ReadLine(block, line, b);
        return b;
    }

    /// <summary>Every line of the whole alias, block after block (what a streaming read returns).</summary>
    public byte[] ReadAll()
    {
        var r = new byte[(long)Store.Blocks * LinesPerBlock * 64];
        for (int b = 0; b < Store.Blocks; b++)
            for (int l = 0; l < LinesPerBlock; l++) ReadLine(b, l, r.AsSpan((b * LinesPerBlock + l) * 64, 64));
        return r;
    }

    /// <summary>Inverse of a PACKED stream: the k-bit codes of <paramref name="count"/> weights.</summary>
    public static ushort[] UnpackPacked(ReadOnlySpan<byte> stream, int k, int count)
    {
        var codes = new ushort[count];
        for (long s = 0; s < (long)count * k; s++)
            codes[s / k] |= (ushort)((stream[(int)(s >> 3)] >> (int)(s & 7) & 1) << (int)(s % k));
        return codes;
    }

    /// <summary>Expands k-bit codes to B-bit containers (the PADDED form, dropped bits zero).</summary>
    public static ushort[] ToContainers(ReadOnlySpan<ushort> codes, int k, int bits)
    {
        var r = new ushort[codes.Length];
        for (int i = 0; i < codes.Length; i++) r[i] = (ushort)(codes[i] << (bits - k));
        return r;
    }
}
