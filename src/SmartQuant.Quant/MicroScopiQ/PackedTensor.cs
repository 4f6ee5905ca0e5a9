using System.Buffers.Binary;

namespace SmartQuant.Quant.MicroScopiQ;

/// <summary>
/// The packed MicroScopiQ tensor (docs/quant-formats.md): a weight section (bb bits per element, element
/// i = k·N + n at bit i·bb, LSB-first within bytes) and a metadata section (per column k, per macro-block:
/// E8M0 byte of X_in, 16-bit little-endian µB presence mask, then one 32-bit little-endian record per present µB).
/// File form: 48-byte header ("SQMQ", version 1, N, K, bb, MaB, µB, weight bytes, metadata bytes) + sections.
/// </summary>
public sealed record PackedTensor(int Rows, int Cols, MicroScopiQLayout Layout, byte[] Weights, byte[] Metadata)
{
    public const uint Magic = 0x514D5153; // "SQMQ" little-endian
    public const int Version = 1;
    public const int HeaderBytes = 48;

    public long TotalBits => 8L * (Weights.Length + Metadata.Length);

    public byte[] ToBytes()
    {
        var b = new byte[HeaderBytes + Weights.Length + Metadata.Length];
        var s = b.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(s, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(s[4..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(s[8..], Rows);
        BinaryPrimitives.WriteInt32LittleEndian(s[12..], Cols);
        BinaryPrimitives.WriteInt32LittleEndian(s[16..], Layout.Bits);
        BinaryPrimitives.WriteInt32LittleEndian(s[20..], Layout.MacroBlock);
        BinaryPrimitives.WriteInt32LittleEndian(s[24..], Layout.MicroBlock);
        BinaryPrimitives.WriteInt64LittleEndian(s[32..], Weights.Length);
        BinaryPrimitives.WriteInt64LittleEndian(s[40..], Metadata.Length);
        Weights.CopyTo(s[HeaderBytes..]);
        Metadata.CopyTo(s[(HeaderBytes + Weights.Length)..]);
        return b;
    }

    /// <exception cref="InvalidDataException">Bad magic, version, geometry or section lengths.</exception>
    public static PackedTensor FromBytes(ReadOnlySpan<byte> b)
    {
        if (b.Length < HeaderBytes) throw new InvalidDataException($"packed tensor truncated: {b.Length} bytes, header needs {HeaderBytes}");
        if (BinaryPrimitives.ReadUInt32LittleEndian(b) != Magic) throw new InvalidDataException("not a packed MicroScopiQ tensor (bad magic)");
        int version = BinaryPrimitives.ReadInt32LittleEndian(b[4..]);
        if (version != Version) throw new InvalidDataException($"packed tensor version {version} unsupported (expected {Version})");
        int rows = BinaryPrimitives.ReadInt32LittleEndian(b[8..]), cols = BinaryPrimitives.ReadInt32LittleEndian(b[12..]);
        var layout = new MicroScopiQLayout(BinaryPrimitives.ReadInt32LittleEndian(b[16..]), BinaryPrimitives.ReadInt32LittleEndian(b[20..]), BinaryPrimitives.ReadInt32LittleEndian(b[24..]));
        try { layout.Validate(rows); } catch (ArgumentException e) { throw new InvalidDataException($"packed tensor header: {e.Message}"); }
        if (BinaryPrimitives.ReadInt32LittleEndian(b[28..]) != 0) throw new InvalidDataException("packed tensor header: reserved field is not zero");
        long wl = BinaryPrimitives.ReadInt64LittleEndian(b[32..]), ml = BinaryPrimitives.ReadInt64LittleEndian(b[40..]);
        if (wl < 0 || ml < 0 || HeaderBytes + wl + ml != b.Length)
            throw new InvalidDataException($"packed tensor section lengths {wl} + {ml} do not match file size {b.Length}");
        return new PackedTensor(rows, cols, layout, b.Slice(HeaderBytes, (int)wl).ToArray(), b.Slice(HeaderBytes + (int)wl, (int)ml).ToArray());
    }
}
