namespace SmartQuant.RealModel.Context;

/// <summary>
/// Importance of every head and FFN neuron of every block for one passage, on the FP32 model, plus the passage-mean
/// inputs of each block's attention and FFN (what a predictor sees before the block's weights are fetched).
/// </summary>
/// <param name="Heads">[block][head]: mean over the passage's tokens of ‖W_o[:, head] · ctx_head‖₂, the norm of the head's
/// contribution to the attention output (bias excluded).</param>
/// <param name="Neurons">[block][neuron]: mean over the tokens of |GELU activation| (the down projection's input).</param>
/// <param name="AttnInput">[block][hidden]: mean over tokens of the attention's input (the Q/K/V input).</param>
/// <param name="FfnInput">[block][hidden]: mean over tokens of the FFN's input (the up projection's input).</param>
public sealed record PassageImportance(double[][] Heads, double[][] Neurons, double[][] AttnInput, double[][] FfnInput, int Tokens);

/// <summary>
/// Measures <see cref="PassageImportance"/> with the FP32 model: the four tensors needed per block are exposed as
/// graph outputs (each is some linear layer's input: <see cref="EncoderGraph.Build"/>), passages run in chunks to
/// bound memory, and each passage's tokens are reduced separately.
/// </summary>
public static class UnitImportance
{
    public static IReadOnlyList<PassageImportance> Measure(EncoderGraph graph, IReadOnlyList<EncoderBlock> blocks, IReadOnlyList<int[]> passages,
        int chunk = 64, int threads = 2, Action<int, int>? progress = null)
    {
        var capture = blocks.SelectMany(b => new[] { b.Q.Input, b.AttnOut.Input, b.FfnUp.Input, b.FfnDown.Input }).Distinct().ToList();
        // G_h = W_hᵀ W_h (HeadDim²) per head: ‖W_h x‖² = xᵀ G_h x, 12× cheaper per token than forming W_h x.
        var grams = blocks.Select(b => HeadGrams(graph.Weight(b.AttnOut), b.Hidden, b.Heads)).ToArray();
        using var runner = new EncoderRunner(graph.Build(extraOutputs: capture), threads);
        var result = new List<PassageImportance>(passages.Count);
        for (int c0 = 0; c0 < passages.Count; c0 += chunk)
        {
            var part = passages.Skip(c0).Take(chunk).ToList();
            var (_, cap) = runner.Run(part, capture: capture);
            int total = cap!.Tokens, tok = 0;
            foreach (var p in part)
            {
                int n = p.Length;
                var heads = new double[blocks.Count][];
                var neurons = new double[blocks.Count][];
                var attnIn = new double[blocks.Count][];
                var ffnIn = new double[blocks.Count][];
                for (int bi = 0; bi < blocks.Count; bi++)
                {
                    var b = blocks[bi];
                    heads[bi] = HeadNorms(cap.Inputs[b.AttnOut.Input], total, tok, n, grams[bi], b.Heads);
                    neurons[bi] = MeanAbs(cap.Inputs[b.FfnDown.Input], b.Neurons, total, tok, n);
                    attnIn[bi] = Mean(cap.Inputs[b.Q.Input], b.Hidden, total, tok, n);
                    ffnIn[bi] = Mean(cap.Inputs[b.FfnUp.Input], b.Hidden, total, tok, n);
                }
                result.Add(new PassageImportance(heads, neurons, attnIn, ffnIn, n));
                tok += n;
            }
            progress?.Invoke(result.Count, passages.Count);
        }
        return result;
    }

    /// <summary>G_h[a, b] = Σ_o W[o, 32h + a] · W[o, 32h + b] for W[hidden × hidden] (the attention output, [out × in]).</summary>
    public static double[][] HeadGrams(float[] w, int hidden, int heads)
    {
        int d = EncoderBlock.HeadDim;
        var g = new double[heads][];
        for (int h = 0; h < heads; h++)
        {
            var m = new double[d * d];
            for (int o = 0; o < hidden; o++)
                for (int a = 0; a < d; a++)
                {
                    double wa = w[(long)o * hidden + h * d + a];
                    for (int b = 0; b < d; b++) m[a * d + b] += wa * w[(long)o * hidden + h * d + b];
                }
            g[h] = m;
        }
        return g;
    }

    /// <summary>Mean over tokens t0 … t0+n−1 of sqrt(x_hᵀ G_h x_h) per head; x is X[hidden × total] feature-major.</summary>
    public static double[] HeadNorms(float[] x, int total, int t0, int n, double[][] grams, int heads)
    {
        int d = EncoderBlock.HeadDim;
        var r = new double[heads];
        var v = new double[d];
        for (int h = 0; h < heads; h++)
        {
            var g = grams[h];
            for (int t = t0; t < t0 + n; t++)
            {
                for (int a = 0; a < d; a++) v[a] = x[(long)(h * d + a) * total + t];
                double q = 0;
                for (int a = 0; a < d; a++)
                {
                    double s = 0;
                    for (int b = 0; b < d; b++) s += g[a * d + b] * v[b];
                    q += v[a] * s;
                }
                r[h] += Math.Sqrt(Math.Max(0, q));
            }
            r[h] /= n;
        }
        return r;
    }

    private static double[] MeanAbs(float[] x, int features, int total, int t0, int n)
    {
        var r = new double[features];
        for (int f = 0; f < features; f++)
        {
            double s = 0;
            for (int t = t0; t < t0 + n; t++) s += Math.Abs(x[(long)f * total + t]);
            r[f] = s / n;
        }
        return r;
    }

    private static double[] Mean(float[] x, int features, int total, int t0, int n)
    {
        var r = new double[features];
        for (int f = 0; f < features; f++)
        {
            double s = 0;
            for (int t = t0; t < t0 + n; t++) s += x[(long)f * total + t];
            r[f] = s / n;
        }
        return r;
    }
}
