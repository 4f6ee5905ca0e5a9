using System.Buffers.Binary;
using System.Text.Json;

namespace SmartQuant.Quant.Sources;

/// <summary>One tensor entry of a safetensors header.</summary>
public sealed record SafetensorsEntry(string Name, string DType, long[] Shape, long Begin, long End)
{
    public long Count => Shape.Aggregate(1L, (a, b) => a * b);
}

/// <summary>
/// Reads safetensors files (F32, F16, BF16, I8 → float). The header is validated before any data is touched:
/// 8-byte little-endian header length, a JSON object of {dtype, shape, data_offsets}, offsets inside the file,
/// sizes matching shape × dtype, no overlaps. Every violation is an <see cref="InvalidDataException"/>.
/// <see cref="Open"/> reads only the header and fetches tensor data from the file on demand (64-bit offsets), so a
/// calibration file larger than memory can be streamed row by row with <see cref="ReadRows"/>.
/// </summary>
public sealed class SafetensorsReader
{
    private readonly byte[]? _file;
    private readonly string? _path;
    private readonly long _dataStart;
    public IReadOnlyDictionary<string, SafetensorsEntry> Tensors { get; }

    private SafetensorsReader(byte[]? file, string? path, long dataStart, Dictionary<string, SafetensorsEntry> tensors)
    {
        _file = file; _path = path; _dataStart = dataStart; Tensors = tensors;
    }

    /// <summary>Reads and validates the header of the file at <paramref name="path"/>; tensor data stays on disk until read.</summary>
    public static SafetensorsReader Open(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        long length = fs.Length;
        var head = new byte[Math.Min(8, length)];
        fs.ReadExactly(head);
        ulong hl = CheckHeaderLength(head, length, path);
        var json = new byte[hl];
        fs.ReadExactly(json);
        var tensors = ParseHeader(json, length - 8 - (long)hl, path);
        return new SafetensorsReader(null, path, 8 + (long)hl, tensors);
    }

    public static SafetensorsReader Parse(byte[] file, string what = "safetensors data")
    {
        ulong hl = CheckHeaderLength(file, file.Length, what);
        var tensors = ParseHeader(file.AsSpan(8, (int)hl).ToArray(), file.Length - 8 - (long)hl, what);
        return new SafetensorsReader(file, null, 8 + (long)hl, tensors);
    }

    private static ulong CheckHeaderLength(ReadOnlySpan<byte> head, long fileLength, string what)
    {
        if (fileLength < 8 || head.Length < 8) throw new InvalidDataException($"{what}: truncated ({fileLength} bytes, no header length)");
        ulong hl = BinaryPrimitives.ReadUInt64LittleEndian(head);
        if (hl > (ulong)(fileLength - 8) || hl > 100_000_000) throw new InvalidDataException($"{what}: header length {hl} exceeds the file ({fileLength} bytes)");
        return hl;
    }

    private static Dictionary<string, SafetensorsEntry> ParseHeader(byte[] json, long dataLen, string what)
    {
        var tensors = new Dictionary<string, SafetensorsEntry>();
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new InvalidDataException($"{what}: header is not valid JSON ({e.Message})"); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{what}: header is not a JSON object");
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Name == "__metadata__") continue;
                tensors[p.Name] = ParseEntry(p, what, dataLen);
            }
        }
        long prevEnd = 0;
        foreach (var e in tensors.Values.OrderBy(e => e.Begin))
        {
            if (e.Begin < prevEnd) throw new InvalidDataException($"{what}: tensor '{e.Name}' overlaps another tensor");
            prevEnd = e.End;
        }
        return tensors;
    }

    private static SafetensorsEntry ParseEntry(JsonProperty p, string what, long dataLen)
    {
        var v = p.Value;
        try
        {
            string dtype = v.GetProperty("dtype").GetString() ?? "";
            var shape = v.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()).ToArray();
            var offs = v.GetProperty("data_offsets").EnumerateArray().Select(x => x.GetInt64()).ToArray();
            if (shape.Any(d => d < 0)) throw new InvalidDataException($"{what}: tensor '{p.Name}' has a negative dimension");
            if (offs.Length != 2 || offs[0] < 0 || offs[1] < offs[0] || offs[1] > dataLen)
                throw new InvalidDataException($"{what}: tensor '{p.Name}' data_offsets [{string.Join(",", offs)}] outside the {dataLen}-byte data section (file truncated?)");
            var e = new SafetensorsEntry(p.Name, dtype, shape, offs[0], offs[1]);
            int size = ElementSize(dtype);
            if (size > 0 && e.Count * size != e.End - e.Begin)
                throw new InvalidDataException($"{what}: tensor '{p.Name}' holds {e.End - e.Begin} bytes but shape [{string.Join(",", shape)}] × {dtype} needs {e.Count * size}");
            return e;
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{what}: tensor '{p.Name}' has a malformed header entry ({ex.Message})");
        }
    }

    /// <summary>Bytes per element of a supported dtype; 0 for dtypes this reader cannot convert.</summary>
    public static int ElementSize(string dtype) => dtype switch { "F32" => 4, "F16" or "BF16" => 2, "I8" => 1, _ => 0 };

    /// <summary>The tensor's values as float (row-major, as stored).</summary>
    public float[] Read(string name)
    {
        var e = Entry(name);
        if (e.Count > Array.MaxLength) throw new InvalidDataException($"tensor '{name}' has {e.Count} elements, more than one array holds; read it with ReadRows");
        var r = new float[e.Count];
        ReadElements(e, 0, r);
        return r;
    }

    /// <summary>
    /// Rows [<paramref name="row0"/>, row0 + dst.Length / columns) of a tensor seen as [rows, columns] (columns = the
    /// product of all dimensions after the first), converted to float into <paramref name="dst"/>.
    /// </summary>
    public void ReadRows(string name, long row0, Span<float> dst)
    {
        var e = Entry(name);
        if (e.Shape.Length == 0) throw new ArgumentException($"tensor '{name}' is a scalar, it has no rows");
        long cols = e.Shape.Skip(1).Aggregate(1L, (a, b) => a * b);
        if (cols == 0 || dst.Length % cols != 0) throw new ArgumentException($"a destination of {dst.Length} values is not whole rows of {cols} values");
        long rows = dst.Length / cols;
        if (row0 < 0 || row0 + rows > e.Shape[0]) throw new ArgumentOutOfRangeException(nameof(row0), $"rows [{row0}, {row0 + rows}) outside tensor '{name}' with {e.Shape[0]} rows");
        ReadElements(e, row0 * cols, dst);
    }

    private SafetensorsEntry Entry(string name)
    {
        if (!Tensors.TryGetValue(name, out var e))
            throw new ArgumentException($"no tensor '{name}' (available: {string.Join(", ", Tensors.Keys.Take(10))})");
        if (ElementSize(e.DType) == 0) throw new InvalidDataException($"tensor '{name}' has unsupported dtype {e.DType} (supported: F32, F16, BF16, I8)");
        return e;
    }

    /// <summary>Elements [first, first + dst.Length) of <paramref name="e"/>, converted, in chunks of at most 1 MiB from disk.</summary>
    private void ReadElements(SafetensorsEntry e, long first, Span<float> dst)
    {
        int size = ElementSize(e.DType);
        long offset = _dataStart + e.Begin + first * size;
        if (_file is not null)
        {
            Convert(_file.AsSpan((int)offset, dst.Length * size), e.DType, dst);
            return;
        }
        using var handle = File.OpenHandle(_path!, FileMode.Open, FileAccess.Read, FileShare.Read);
        var buf = new byte[Math.Min((long)dst.Length * size, 1 << 20)];
        int chunk = buf.Length / size, done = 0;
        while (done < dst.Length)
        {
            int n = Math.Min(chunk, dst.Length - done);
            var bytes = buf.AsSpan(0, n * size);
            for (int got = 0; got < bytes.Length;)
            {
                int r = RandomAccess.Read(handle, bytes[got..], offset + got);
                if (r <= 0) throw new InvalidDataException($"{_path}: tensor '{e.Name}' ends early (file truncated while reading?)");
                got += r;
            }
            Convert(bytes, e.DType, dst.Slice(done, n));
            offset += bytes.Length; done += n;
        }
    }

    private static void Convert(ReadOnlySpan<byte> src, string dtype, Span<float> dst)
    {
        switch (dtype)
        {
            case "F32" when BitConverter.IsLittleEndian: System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(src).CopyTo(dst); break;
            case "F32": for (int i = 0; i < dst.Length; i++) dst[i] = BinaryPrimitives.ReadSingleLittleEndian(src[(4 * i)..]); break;
            case "F16": for (int i = 0; i < dst.Length; i++) dst[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(src[(2 * i)..]); break;
            case "BF16": for (int i = 0; i < dst.Length; i++) dst[i] = BitConverter.UInt32BitsToSingle((uint)BinaryPrimitives.ReadUInt16LittleEndian(src[(2 * i)..]) << 16); break;
            default: for (int i = 0; i < dst.Length; i++) dst[i] = (sbyte)src[i]; break;
        }
    }

    /// <summary>Writes a safetensors file (used by tests and tools); tensors are F32.</summary>
    public static byte[] WriteF32(IReadOnlyList<(string Name, long[] Shape, float[] Data)> tensors)
    {
        var header = new Dictionary<string, object>();
        long off = 0;
        foreach (var (name, shape, data) in tensors)
        {
            header[name] = new { dtype = "F32", shape, data_offsets = new[] { off, off + 4L * data.Length } };
            off += 4L * data.Length;
        }
        var json = JsonSerializer.SerializeToUtf8Bytes(header);
        var file = new byte[8 + json.Length + off];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)json.Length);
        json.CopyTo(file, 8);
        long pos = 8 + json.Length;
        foreach (var (_, _, data) in tensors)
            foreach (float f in data) { BinaryPrimitives.WriteSingleLittleEndian(file.AsSpan((int)pos), f); pos += 4; }
        return file;
    }
}
