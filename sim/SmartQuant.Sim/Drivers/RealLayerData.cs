using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using SmartQuant.Hdl;
using SmartQuant.Quant.MicroScopiQ;

namespace SmartQuant.Sim.Drivers;

/// <summary>
/// A real layer in the accelerator's integer domain, as plain arrays: MicroScopiQ-quantized weights (the packed
/// format's content) and INT8 activation codes [Tokens × K] token-major with their per-tensor scale. The co-simulation
/// and the golden-model checks consume only this; it is produced from the real model by the RealModel project (ONNX
/// Runtime), which this project does not reference (docs/real-model.md, "The accelerator on real layers").
/// </summary>
public sealed record RealLayerData(string Layer, int Bits, QuantizedTensor Weights, sbyte[] Activations, int Tokens, double Scale)
{
    public int K => Weights.Cols;
    public int N => Weights.Rows;
    public string Label => $"{Layer} bb={Bits}";

    /// <summary>Activation code of token t, input feature k.</summary>
    public int X(int t, int k) => Activations[(long)t * K + k];
}

/// <summary>
/// The real layers of the <c>real-layer</c> co-simulation test and the golden-model checks, cached under
/// <c>build/real-layer/</c> (one file, written once under a lock). Where the layers come from is registered by the
/// host: the CLI sets <see cref="Generator"/> to the RealModel extraction, so `smartquant sim`, `regress` and `report` build the
/// cache on first use. Without a cache and without a generator (e.g. a test project that does not reference the real
/// model) loading fails with one line saying how to make the cache.
/// </summary>
public static class RealLayerSet
{
    /// <summary>The co-simulation test on these layers.</summary>
    public const string TestName = "real-layer";
    private const uint Magic = 0x4C525153; // "SQRL" little-endian
    private const int Version = 1;
    private const string FileName = "layers.sqrl";

    /// <summary>Produces the layers from the real model; set by the CLI at start-up.</summary>
    public static Func<IReadOnlyList<RealLayerData>>? Generator { get; set; }

    /// <summary>Cache folder: <c>$SMARTQUANT_REAL_LAYERS</c> or <c>build/real-layer</c> under the repository root.</summary>
    public static string CacheRoot =>
        Environment.GetEnvironmentVariable("SMARTQUANT_REAL_LAYERS") is { Length: > 0 } env ? Path.GetFullPath(env)
            : Path.Combine(RepoPaths.Root, "build", "real-layer");

    /// <summary>The extraction's identity: a new key when what the layers are made of changes.</summary>
    public const string CacheKey = "minilm-q0-ffn0-bb24-cal256-tok256-seed1-v1";

    private static readonly object Gate = new();
    private static IReadOnlyList<RealLayerData>? _loaded;

    /// <summary>The cached layers (loaded once per process), generating the cache first when it is missing.</summary>
    public static IReadOnlyList<RealLayerData> Load()
    {
        lock (Gate) return _loaded ??= LoadFrom(CacheRoot, Generator);
    }

    /// <summary>The layers cached under <paramref name="root"/>, made by <paramref name="generator"/> first when missing.</summary>
    public static IReadOnlyList<RealLayerData> LoadFrom(string root, Func<IReadOnlyList<RealLayerData>>? generator)
    {
        var (dir, _) = new BuildCache(root).GetOrBuild(CacheKey, d =>
        {
            var make = generator ?? throw new HdlException(
                $"the real-layer data is not cached ({Path.Combine(root, CacheKey)}) and nothing here can extract it: run `smartquant sim --design microscopiq --test {TestName}` once (it needs the all-MiniLM-L6-v2 model package and the fortunes passages)");
            File.WriteAllBytes(Path.Combine(d, FileName), ToBytes(make()));
        });
        return FromBytes(File.ReadAllBytes(Path.Combine(dir, FileName)), Path.Combine(dir, FileName));
    }

    /// <summary>
    /// File form: "SQRL", version, count; per layer a UTF-8 JSON header (layer, bits, tokens, scale as the IEEE bits
    /// so it round-trips exactly), the packed tensor (<see cref="PackedTensor.ToBytes"/>) and the activation codes.
    /// </summary>
    public static byte[] ToBytes(IReadOnlyList<RealLayerData> layers)
    {
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        w.Write(Magic); w.Write(Version); w.Write(layers.Count);
        foreach (var l in layers)
        {
            var header = JsonSerializer.SerializeToUtf8Bytes(new Header(l.Layer, l.Bits, l.Tokens, BitConverter.DoubleToInt64Bits(l.Scale)));
            var packed = MicroScopiQPacker.Pack(l.Weights).ToBytes();
            w.Write(header.Length); w.Write(header);
            w.Write(packed.Length); w.Write(packed);
            w.Write(l.Activations.Length); w.Write((ReadOnlySpan<byte>)System.Runtime.InteropServices.MemoryMarshal.AsBytes(l.Activations.AsSpan()));
        }
        return ms.ToArray();
    }

    public static IReadOnlyList<RealLayerData> FromBytes(byte[] bytes, string what)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            if (r.ReadUInt32() != Magic || r.ReadInt32() != Version) throw new InvalidDataException("bad magic or version");
            int count = r.ReadInt32();
            var list = new List<RealLayerData>();
            for (int i = 0; i < count; i++)
            {
                var h = JsonSerializer.Deserialize<Header>(r.ReadBytes(r.ReadInt32())) ?? throw new InvalidDataException("empty header");
                var q = MicroScopiQPacker.Unpack(PackedTensor.FromBytes(r.ReadBytes(r.ReadInt32())));
                var acts = (sbyte[])(Array)r.ReadBytes(r.ReadInt32());
                if (acts.Length != (long)h.Tokens * q.Cols) throw new InvalidDataException($"{h.Layer}: {acts.Length} activation codes for {h.Tokens} tokens × {q.Cols}");
                list.Add(new RealLayerData(h.Layer, h.Bits, q, acts, h.Tokens, BitConverter.Int64BitsToDouble(h.ScaleBits)));
            }
            return list;
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or InvalidDataException)
        {
            throw new InvalidDataException($"{what} is not a readable real-layer cache ({e.Message}); delete it to rebuild");
        }
    }

    private sealed record Header(string Layer, int Bits, int Tokens, long ScaleBits);
}
