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
/// </summary>
public sealed class SafetensorsReader
{
    private readonly byte[] _file;
    private readonly long _dataStart;
    public IReadOnlyDictionary<string, SafetensorsEntry> Tensors { get; }

    private SafetensorsReader(byte[] file, long dataStart, Dictionary<string, SafetensorsEntry> tensors)
    {
        _file = file; _dataStart = dataStart; Tensors = tensors;
    }

    public static SafetensorsReader Open(string path) => Parse(File.ReadAllBytes(path), path);

    public static SafetensorsReader Parse(byte[] file, string what = "safetensors data")
    {
        if (file.Length < 8) throw new InvalidDataException($"{what}: truncated ({file.Length} bytes, no header length)");
        ulong hl = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (hl > (ulong)(file.Length - 8) || hl > 100_000_000) throw new InvalidDataException($"{what}: header length {hl} exceeds the file ({file.Length} bytes)");
        var tensors = new Dictionary<string, SafetensorsEntry>();
        long dataStart = 8 + (long)hl, dataLen = file.Length - dataStart;
        JsonDocument doc;
        try { doc = JsonDocument.Parse(file.AsMemory(8, (int)hl)); }
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
        return new SafetensorsReader(file, dataStart, tensors);
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
        if (!Tensors.TryGetValue(name, out var e))
            throw new ArgumentException($"no tensor '{name}' (available: {string.Join(", ", Tensors.Keys.Take(10))})");
        if (ElementSize(e.DType) == 0) throw new InvalidDataException($"tensor '{name}' has unsupported dtype {e.DType} (supported: F32, F16, BF16, I8)");
        var src = _file.AsSpan((int)(_dataStart + e.Begin), (int)(e.End - e.Begin));
        var r = new float[e.Count];
        for (int i = 0; i < r.Length; i++)
            r[i] = e.DType switch
            {
                "F32" => BinaryPrimitives.ReadSingleLittleEndian(src[(4 * i)..]),
                "F16" => (float)BinaryPrimitives.ReadHalfLittleEndian(src[(2 * i)..]),
                "BF16" => BitConverter.UInt32BitsToSingle((uint)BinaryPrimitives.ReadUInt16LittleEndian(src[(2 * i)..]) << 16),
                _ => (sbyte)src[i],
            };
        return r;
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
