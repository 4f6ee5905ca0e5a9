namespace SmartQuant.Quant.Numerics;

/// <summary>GPTQ's Hessian H = (2/T)·X·Xᵀ from calibration activations X[K×T] and the factor it needs.</summary>
public static class Hessian
{
    /// <summary>
    /// H (K×K, row-major doubles) of activations X (K×T, row-major, feature-major): <see cref="HessianAccumulator"/> fed
    /// with all T tokens, so it is bit-identical to any streamed accumulation of the same tokens in the same order.
    /// </summary>
    public static double[] FromActivations(ReadOnlySpan<float> x, int k, int t, int maxDegreeOfParallelism = -1)
    {
        if (x.Length != (long)k * t) throw new ArgumentException($"activations hold {x.Length} values, expected {k}×{t}");
        var acc = new HessianAccumulator(k, maxDegreeOfParallelism);
        acc.AddFeatureMajor(x, t);
        return acc.ToHessian();
    }

    /// <summary>P·H·Pᵀ for the visiting order <paramref name="order"/>: result[a, b] = h[order[a], order[b]].</summary>
    public static double[] Permute(double[] h, int k, int[] order)
    {
        var r = new double[(long)k * k];
        Parallel.For(0, k, a =>
        {
            long src = (long)order[a] * k, dst = (long)a * k;
            for (int b = 0; b < k; b++) r[dst + b] = h[src + order[b]];
        });
        return r;
    }

    /// <summary>
    /// Upper-triangular U with UᵀU = (H + λI)⁻¹ (λ = percDamp·mean diag; dead inputs get H_dd = 1), as float K×K
    /// row-major. With J the reversal permutation, chol(JHJ) = Lp gives H = R·Rᵀ for upper R = J·Lp·J, so
    /// U = R⁻¹ = J·Lp⁻¹·J: one blocked Cholesky and one blocked triangular inverse (<see cref="Cholesky"/>) instead of
    /// chol → inverse → chol. Bit-identical for any degree of parallelism.
    /// </summary>
    public static float[] InverseUpperCholesky(double[] h, int k, double percDamp, out bool[] dead, int maxDegreeOfParallelism = -1)
    {
        // h is only read (a shared calibration input's H serves several layers); dead inputs get 1 on p's diagonal.
        dead = new bool[k];
        var diag = new double[k];
        double mean = 0;
        for (int i = 0; i < k; i++)
        {
            diag[i] = h[(long)i * k + i];
            if (diag[i] == 0) { dead[i] = true; diag[i] = 1; }
            mean += diag[i];
        }
        double damp = percDamp * mean / k;
        var po = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        var p = new double[(long)k * k]; // J·(H + λI)·J, row-major
        Parallel.For(0, k, po, i =>
        {
            long src = (long)(k - 1 - i) * k, dst = (long)i * k;
            for (int j = 0; j < k; j++) p[dst + j] = h[src + (k - 1 - j)];
            p[dst + i] = diag[k - 1 - i] + damp;
        });
        Cholesky.FactorLower(p, k, maxDegreeOfParallelism);
        var x = Cholesky.InverseLower(p, k, maxDegreeOfParallelism);
        p = null;
        var u = new float[(long)k * k];
        Parallel.For(0, k, po, a =>
        {
            // U[a, b] = X[k − 1 − a, k − 1 − b] (zero below the diagonal).
            long dst = (long)a * k, src = (long)(k - 1 - a) * k + k - 1;
            for (int b2 = a; b2 < k; b2++) u[dst + b2] = (float)x[src - b2];
        });
        return u;
    }
}
