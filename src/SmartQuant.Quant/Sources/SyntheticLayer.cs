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
    /// <param name="outlierMeanShare">
    /// Share (0–1) of an outlier feature's extra energy carried as a token-constant value of fixed sign instead of zero-mean
    /// fluctuation. LLM outlier dimensions are systematic (large for most tokens) and much of their magnitude is a rank-one
    /// mean; 0 (the default) keeps the zero-mean model every figure in docs/quant-formats.md was measured on. A feature's
    /// mean-square stays the same for every share, so only how much of it error compensation can cancel changes.
    /// </param>
    /// <param name="includeMean">false leaves the outlier features' constant part out (the fluctuation alone), for the
    /// isotropic bound of <see cref="Quality.Ablation"/>.</param>
    public static float[] Activations(int k, int t, ulong seed, int rank = 8, ulong? tokenSeed = null, double outlierMeanShare = 0, bool includeMean = true)
    {
        if (!(outlierMeanShare is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(outlierMeanShare), outlierMeanShare, "the outlier mean share must lie in [0, 1]");
        var rng = new SplitMix64(seed ^ 0xA5A5A5A5A5A5A5A5UL);
        var featScale = new double[k];
        var boost = new double[k];
        for (int i = 0; i < k; i++)
        {
            double spread = Math.Exp(0.5 * rng.NextGaussian());
            boost[i] = rng.NextDouble() < 0.01 ? 10 + 10 * rng.NextDouble() : 1;
            featScale[i] = spread * FluctuationBoost(boost[i], outlierMeanShare);
        }
        var load = new double[k * rank];
        for (int i = 0; i < load.Length; i++) load[i] = rng.NextGaussian();
        var mean = OutlierMeans(k, rank, seed, load, featScale, boost, outlierMeanShare);
        if (tokenSeed is ulong ts) rng = new SplitMix64(ts);
        var fac = new double[rank * t];
        for (int i = 0; i < fac.Length; i++) fac[i] = rng.NextGaussian();
        var x = new float[(long)k * t];
        for (int i = 0; i < k; i++)
        {
            double m = includeMean ? mean[i] : 0;
            for (int j = 0; j < t; j++)
            {
                double shared = 0;
                for (int r = 0; r < rank; r++) shared += load[i * rank + r] * fac[r * t + j];
                x[(long)i * t + j] = (float)(m + featScale[i] * (0.5 * rng.NextGaussian() + 0.5 * shared));
            }
        }
        return x;
    }

    /// <summary>The fluctuation's gain for a feature boosted <paramref name="boost"/>× in RMS: all of it at share 0, and
    /// sqrt(1 + (1 − share)(boost² − 1)) otherwise, so the mean takes the rest of the energy.</summary>
    private static double FluctuationBoost(double boost, double share)
        => share == 0 || boost == 1 ? boost : Math.Sqrt(1 + (1 - share) * (boost * boost - 1));

    /// <summary>Token-constant part of each outlier feature: sign × (its unboosted fluctuation RMS) × sqrt(share (boost² − 1)).
    /// Signs come from their own stream, so the default model draws exactly what it always drew.</summary>
    private static double[] OutlierMeans(int k, int rank, ulong seed, double[] load, double[] featScale, double[] boost, double share)
    {
        var mean = new double[k];
        if (share == 0) return mean;
        var signs = new SplitMix64(seed ^ 0x3C3C3C3C3C3C3C3CUL);
        for (int i = 0; i < k; i++)
        {
            double sign = signs.NextDouble() < 0.5 ? -1 : 1;
            if (boost[i] == 1) continue;
            double load2 = 0;
            for (int r = 0; r < rank; r++) load2 += load[i * rank + r] * load[i * rank + r];
            double unboosted = featScale[i] / FluctuationBoost(boost[i], share);
            mean[i] = sign * unboosted * Math.Sqrt(0.25 + 0.25 * load2) * Math.Sqrt(share * (boost[i] * boost[i] - 1));
        }
        return mean;
    }
}
