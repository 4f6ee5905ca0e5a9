namespace SmartQuant.Quant.Sources;

/// <summary>
/// Seeded LLM-like tensors (SplitMix64 only). Weights: Gaussian body (σ = 0.02 with a per-input-feature spread),
/// a heavy tail (3 % of weights drawn 3× wider) and a few outlier output channels (0.4 % of rows, 4–8× wider),
/// which yields 3σ-outlier fractions in the paper's 0.5–5 % range. Activations: per-feature scales, a low-rank
/// shared component (tokens are correlated, so GPTQ has structure to exploit) and 1 % outlier features (10–20×).
/// </summary>
public static class SyntheticLayer
{
    /// <summary>W[N×K] row-major.</summary>
    public static float[] Weights(int n, int k, ulong seed)
    {
        var rng = new SplitMix64(seed);
        var colScale = new double[k];
        for (int c = 0; c < k; c++) colScale[c] = 0.02 * Math.Exp(0.25 * rng.NextGaussian());
        var rowScale = new double[n];
        for (int r = 0; r < n; r++) rowScale[r] = rng.NextDouble() < 0.004 ? 4 + 4 * rng.NextDouble() : 1;
        var w = new float[(long)n * k];
        for (int r = 0; r < n; r++)
            for (int c = 0; c < k; c++)
            {
                double tail = rng.NextDouble() < 0.03 ? 3 : 1;
                w[(long)r * k + c] = (float)(rng.NextGaussian() * colScale[c] * rowScale[r] * tail);
            }
        return w;
    }

    /// <summary>X[K×T] row-major: T tokens of K input features.</summary>
    /// <param name="tokenSeed">Seed of the per-token draws; by default derived from <paramref name="seed"/>. Passing a different
    /// one gives held-out tokens with the same per-feature statistics.</param>
    public static float[] Activations(int k, int t, ulong seed, int rank = 8, ulong? tokenSeed = null)
    {
        var rng = new SplitMix64(seed ^ 0xA5A5A5A5A5A5A5A5UL);
        var featScale = new double[k];
        for (int i = 0; i < k; i++) featScale[i] = Math.Exp(0.5 * rng.NextGaussian()) * (rng.NextDouble() < 0.01 ? 10 + 10 * rng.NextDouble() : 1);
        var load = new double[k * rank];
        for (int i = 0; i < load.Length; i++) load[i] = rng.NextGaussian();
        if (tokenSeed is ulong ts) rng = new SplitMix64(ts);
        var fac = new double[rank * t];
        for (int i = 0; i < fac.Length; i++) fac[i] = rng.NextGaussian();
        var x = new float[(long)k * t];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < t; j++)
            {
                double shared = 0;
                for (int r = 0; r < rank; r++) shared += load[i * rank + r] * fac[r * t + j];
                x[(long)i * t + j] = (float)(featScale[i] * (0.5 * rng.NextGaussian() + 0.5 * shared));
            }
        return x;
    }
}
