using Microsoft.ML.OnnxRuntime;

namespace SmartQuant.RealModel;

/// <summary>Per-layer-input activations captured from a run: X[K × T] feature-major (the quantizer's layout), real tokens only.</summary>
public sealed record CapturedActivations(IReadOnlyDictionary<string, float[]> Inputs, IReadOnlyDictionary<string, int> Features, int Tokens)
{
    public float[] Of(LinearLayer l) => Inputs[l.Input];
}

/// <summary>
/// Runs an encoder ONNX model with ONNX Runtime on tokenized passages and returns sentence embeddings: the mean of
/// last_hidden_state over the passage's real tokens (attention mask 1), L2-normalized, as sentence-transformers does
/// for all-MiniLM-L6-v2. Passages run in batches of similar length (sorted by token count, ties by index) so
/// padding stays small; the batches depend only on the token counts, so two models see identical batches.
/// </summary>
public sealed class EncoderRunner : IDisposable
{
    public const string HiddenOutput = "last_hidden_state";
    private readonly InferenceSession _session;
    private readonly string[] _inputs;

    public EncoderRunner(byte[] onnx, int threads = 2)
    {
        using var o = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        // ONNX Runtime's worker threads busy-wait between operators by default; on a 2-core machine shared with the
        // quantizer's own threads (and with other jobs) that spinning only burns CPU, so the workers block instead.
        o.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        try { _session = new InferenceSession(onnx, o); }
        catch (OnnxRuntimeException e) { throw new InvalidDataException($"ONNX Runtime cannot load the model: {e.Message.ReplaceLineEndings(" ")}"); }
        _inputs = _session.InputMetadata.Keys.ToArray();
        if (!_inputs.Contains("input_ids") || !_inputs.Contains("attention_mask") || !_session.OutputMetadata.ContainsKey(HiddenOutput))
            throw new InvalidDataException($"the model is not a BERT encoder (inputs {string.Join(", ", _inputs)}; need input_ids, attention_mask and output {HiddenOutput})");
    }

    public void Dispose() => _session.Dispose();

    /// <summary>Embeddings [passage][hidden]; with <paramref name="capture"/>, also each named tensor's rows for real tokens.</summary>
    public float[][] Embed(IReadOnlyList<int[]> passages, int batch = 16, IReadOnlyList<string>? capture = null,
        Action<int, int>? progress = null) => Run(passages, batch, capture, progress).Embeddings;

    /// <param name="weights">Values of graph inputs other than the three token inputs, by name (a model whose weights are
    /// session inputs, <see cref="EncoderGraph.BuildWithWeightInputs"/>): fed as is, shape from the model.</param>
    public (float[][] Embeddings, CapturedActivations? Captured) Run(IReadOnlyList<int[]> passages, int batch = 16,
        IReadOnlyList<string>? capture = null, Action<int, int>? progress = null, IReadOnlyDictionary<string, float[]>? weights = null)
    {
        using var weightValues = new DisposableList();
        var fed = new Dictionary<string, OrtValue>();
        foreach (var n in _inputs)
            if (n is not ("input_ids" or "attention_mask" or "token_type_ids") && weights?.TryGetValue(n, out var w) == true)
            {
                var shape = _session.InputMetadata[n].Dimensions.Select(d => (long)d).ToArray();
                if (shape.Any(d => d < 0) || shape.Aggregate(1L, (a, d) => a * d) != w.Length)
                    throw new ArgumentException($"input '{n}' wants shape [{string.Join(",", shape)}], got {w.Length} values");
                fed[n] = weightValues.Add(OrtValue.CreateTensorValueFromMemory(w, shape));
            }
        var order = Enumerable.Range(0, passages.Count).OrderBy(i => passages[i].Length).ThenBy(i => i).ToArray();
        var emb = new float[passages.Count][];
        // Captured rows per tensor, in passage order: rows[tensor][passage] = [tokens × K].
        var rows = capture?.ToDictionary(c => c, _ => new float[passages.Count][]);
        var features = new Dictionary<string, int>();
        string[] outputs = [HiddenOutput, .. capture ?? []];
        for (int b0 = 0; b0 < order.Length; b0 += batch)
        {
            var idx = order[b0..Math.Min(order.Length, b0 + batch)];
            int s = idx.Max(i => passages[i].Length), bsz = idx.Length;
            var ids = new long[bsz * s];
            var mask = new long[bsz * s];
            var types = new long[bsz * s];
            for (int r = 0; r < bsz; r++)
            {
                var p = passages[idx[r]];
                for (int j = 0; j < p.Length; j++) { ids[r * s + j] = p[j]; mask[r * s + j] = 1; }
            }
            long[] shape = [bsz, s];
            using var vIds = OrtValue.CreateTensorValueFromMemory(ids, shape);
            using var vMask = OrtValue.CreateTensorValueFromMemory(mask, shape);
            using var vTypes = OrtValue.CreateTensorValueFromMemory(types, shape);
            var inputValues = _inputs.Select(n => n switch
            {
                "input_ids" => vIds,
                "attention_mask" => vMask,
                "token_type_ids" => vTypes,
                _ when fed.TryGetValue(n, out var v) => v,
                _ => throw new InvalidDataException($"the model wants an input '{n}' that was not given"),
            }).ToArray();
            using var runOptions = new RunOptions();
            using var res = _session.Run(runOptions, _inputs, inputValues, outputs);
            var hidden = res[0].GetTensorDataAsSpan<float>();
            int hid = (int)(hidden.Length / ((long)bsz * s));
            for (int r = 0; r < bsz; r++)
                emb[idx[r]] = Pool(hidden.Slice(r * s * hid, s * hid), passages[idx[r]].Length, hid);
            for (int c = 0; c < (capture?.Count ?? 0); c++)
            {
                var t = res[c + 1].GetTensorDataAsSpan<float>();
                int k = (int)(t.Length / ((long)bsz * s));
                features[capture![c]] = k;
                for (int r = 0; r < bsz; r++)
                    rows![capture[c]][idx[r]] = t.Slice(r * s * k, passages[idx[r]].Length * k).ToArray();
            }
            progress?.Invoke(Math.Min(order.Length, b0 + batch), order.Length);
        }
        if (rows is null) return (emb, null);
        int tokens = passages.Sum(p => p.Length);
        var inputs = new Dictionary<string, float[]>();
        foreach (var (name, perPassage) in rows)
        {
            int k = features[name];
            var x = new float[(long)k * tokens];
            int tok = 0;
            foreach (var pr in perPassage)
            {
                int n = pr.Length / k;
                for (int j = 0; j < n; j++)
                    for (int f = 0; f < k; f++) x[(long)f * tokens + tok + j] = pr[j * k + f];
                tok += n;
            }
            inputs[name] = x;
        }
        return (emb, new CapturedActivations(inputs, features, tokens));
    }

    /// <summary>The fed weight tensors of one run: ONNX Runtime values pin their managed arrays until disposed.</summary>
    private sealed class DisposableList : IDisposable
    {
        private readonly List<IDisposable> _items = [];
        public T Add<T>(T item) where T : IDisposable { _items.Add(item); return item; }
        public void Dispose() { foreach (var i in _items) i.Dispose(); }
    }

    /// <summary>Masked mean over the first <paramref name="len"/> positions, then L2 normalization.</summary>
    public static float[] Pool(ReadOnlySpan<float> hidden, int len, int hid)
    {
        var acc = new double[hid];
        for (int j = 0; j < len; j++)
            for (int h = 0; h < hid; h++) acc[h] += hidden[j * hid + h];
        double norm = 0;
        for (int h = 0; h < hid; h++) { acc[h] /= len; norm += acc[h] * acc[h]; }
        norm = Math.Sqrt(norm);
        var e = new float[hid];
        for (int h = 0; h < hid; h++) e[h] = (float)(norm == 0 ? 0 : acc[h] / norm);
        return e;
    }
}
