using Google.Protobuf;
using Onnx;

namespace SmartQuant.RealModel;

/// <summary>
/// The encoder's ONNX graph: parsed once, its linear layers found, and edited copies made for inference (every
/// linear layer's input exposed as an extra graph output, or quantized weights written back in place of the FP32 ones).
/// </summary>
public sealed class EncoderGraph
{
    private readonly byte[] _bytes;
    private readonly ModelProto _model;
    private readonly Dictionary<string, TensorProto> _initializers;

    /// <summary>The encoder linear layers in graph order (for all-MiniLM-L6-v2: 6 blocks × q, k, v, attn-out, ffn-up, ffn-down).</summary>
    public IReadOnlyList<LinearLayer> Layers { get; }

    /// <summary>The distinct layer inputs, in graph order (q, k and v share one).</summary>
    public IReadOnlyList<string> LayerInputs { get; }

    public EncoderGraph(byte[] onnx, string what = "model.onnx")
    {
        _bytes = onnx;
        try { _model = ModelProto.Parser.ParseFrom(onnx); }
        catch (InvalidProtocolBufferException e) { throw new InvalidDataException($"{what} is not a readable ONNX model ({e.Message})"); }
        if (_model.Graph is null || _model.Graph.Node.Count == 0) throw new InvalidDataException($"{what} has no graph");
        _initializers = _model.Graph.Initializer.ToDictionary(t => t.Name);
        Layers = FindLayers(_model.Graph, _initializers, what);
        if (Layers.Count == 0) throw new InvalidDataException($"{what} has no encoder linear layer (MatMul with a 2-D weight and a named bias Add)");
        LayerInputs = Layers.Select(l => l.Input).Distinct().ToList();
    }

    public static EncoderGraph FromPackage(ModelPackage p) => new(p.ModelBytes, p.DllPath + ":" + ModelPackage.ModelResource);

    /// <summary>
    /// A MatMul whose second input is a 2-D float initializer [In, Out] and whose output feeds an Add with a 1-D
    /// initializer named "….bias" is the linear layer named by that bias. Only "encoder.*" layers are kept.
    /// </summary>
    private static List<LinearLayer> FindLayers(GraphProto g, Dictionary<string, TensorProto> init, string what)
    {
        var consumers = new Dictionary<string, List<NodeProto>>();
        foreach (var n in g.Node)
            foreach (var i in n.Input)
                (consumers.TryGetValue(i, out var l) ? l : consumers[i] = []).Add(n);
        var layers = new List<LinearLayer>();
        foreach (var n in g.Node)
        {
            if (n.OpType != "MatMul" || n.Input.Count != 2 || !init.TryGetValue(n.Input[1], out var w) || w.Dims.Count != 2) continue;
            string? bias = consumers.GetValueOrDefault(n.Output[0])?
                .Where(c => c.OpType == "Add")
                .SelectMany(c => c.Input)
                .FirstOrDefault(i => i.EndsWith(".bias", StringComparison.Ordinal) && init.ContainsKey(i));
            if (bias is null) continue;
            string name = bias[..^".bias".Length];
            if (!name.StartsWith("encoder.", StringComparison.Ordinal)) continue;
            if (w.DataType != (int)TensorProto.Types.DataType.Float)
                throw new InvalidDataException($"{what}: weight of {name} has ONNX data type {w.DataType}, expected float");
            long inF = w.Dims[0], outF = w.Dims[1];
            var b = init[bias];
            if (b.Dims.Count != 1 || b.Dims[0] != outF)
                throw new InvalidDataException($"{what}: {name} has weight [{inF},{outF}] but bias [{string.Join(",", b.Dims)}]");
            layers.Add(new LinearLayer(name, n.Input[1], n.Input[0], n.Output[0], checked((int)inF), checked((int)outF)));
        }
        return layers;
    }

    public LinearLayer Layer(string name) => Layers.FirstOrDefault(l => l.Name == name)
        ?? throw new ArgumentException($"no linear layer '{name}' in the model (e.g. {Layers[0].Name})");

    /// <summary>The layer's weight as W[Out × In] row-major (transposed from the graph's [In, Out]).</summary>
    public float[] Weight(LinearLayer l)
    {
        var t = _initializers[l.Initializer];
        var stored = ReadFloats(t, (long)l.In * l.Out, l.Name);
        var w = new float[stored.Length];
        for (int i = 0; i < l.In; i++)
            for (int o = 0; o < l.Out; o++)
                w[(long)o * l.In + i] = stored[(long)i * l.Out + o];
        return w;
    }

    private static float[] ReadFloats(TensorProto t, long count, string name)
    {
        float[] r;
        if (!t.RawData.IsEmpty)
        {
            if (t.RawData.Length != count * 4) throw new InvalidDataException($"weight of {name}: {t.RawData.Length} raw bytes, expected {count * 4}");
            r = new float[count];
            t.RawData.Span.CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(r.AsSpan()));
        }
        else
        {
            if (t.FloatData.Count != count) throw new InvalidDataException($"weight of {name}: {t.FloatData.Count} values, expected {count}");
            r = t.FloatData.ToArray();
        }
        return r;
    }

    /// <summary>
    /// The model as ONNX bytes, with the given layers' weights (W[Out × In] row-major) written back transposed, and
    /// <paramref name="extraOutputs"/> (graph tensors of float type) appended to the graph outputs.
    /// </summary>
    public byte[] Build(IReadOnlyDictionary<string, float[]>? weights = null, IEnumerable<string>? extraOutputs = null)
    {
        if ((weights is null || weights.Count == 0) && extraOutputs is null) return _bytes;
        var m = ModelProto.Parser.ParseFrom(_bytes);
        var init = m.Graph.Initializer.ToDictionary(t => t.Name);
        foreach (var (name, w) in weights ?? new Dictionary<string, float[]>())
        {
            var l = Layer(name);
            if (w.Length != (long)l.In * l.Out) throw new ArgumentException($"weights for {name} hold {w.Length} values, expected {l.Out}x{l.In}");
            var stored = new float[w.Length];
            for (int o = 0; o < l.Out; o++)
                for (int i = 0; i < l.In; i++)
                    stored[(long)i * l.Out + o] = w[(long)o * l.In + i];
            var t = init[l.Initializer];
            t.FloatData.Clear();
            t.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(stored.AsSpan()));
        }
        foreach (var name in extraOutputs ?? [])
            m.Graph.Output.Add(new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
            });
        return m.ToByteArray();
    }

    /// <summary>
    /// The model with the given layers' weight initializers turned into graph inputs of shape [In, Out] (the graph's
    /// own layout): one ONNX Runtime session then runs any set of weights, fed per run, instead of a session per set.
    /// </summary>
    public byte[] BuildWithWeightInputs(IEnumerable<LinearLayer> layers)
    {
        var m = ModelProto.Parser.ParseFrom(_bytes);
        foreach (var l in layers)
        {
            var t = m.Graph.Initializer.FirstOrDefault(i => i.Name == l.Initializer)
                ?? throw new ArgumentException($"no initializer '{l.Initializer}' for {l.Name}");
            m.Graph.Initializer.Remove(t);
            var shape = new TensorShapeProto();
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = l.In });
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = l.Out });
            m.Graph.Input.Add(new ValueInfoProto
            {
                Name = l.Initializer,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
            });
        }
        return m.ToByteArray();
    }

    /// <summary>The layer's weight in the graph's own layout, [In, Out] row-major (what <see cref="BuildWithWeightInputs"/> feeds).</summary>
    public float[] GraphWeight(LinearLayer l) => ReadFloats(_initializers[l.Initializer], (long)l.In * l.Out, l.Name);
}
