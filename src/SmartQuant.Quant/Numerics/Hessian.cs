using MathNet.Numerics.LinearAlgebra;

namespace SmartQuant.Quant.Numerics;

/// <summary>GPTQ's Hessian H = (2/T)·X·Xᵀ from calibration activations X[K×T] and the factor it needs.</summary>
public static class Hessian
{
    /// <summary>H (K×K, row-major doubles) of activations X (K×T, row-major).</summary>
    public static double[] FromActivations(ReadOnlySpan<float> x, int k, int t)
    {
        if (x.Length != (long)k * t) throw new ArgumentException($"activations hold {x.Length} values, expected {k}×{t}");
        var h = new double[(long)k * k];
        var xs = x.ToArray();
        double scale = 2.0 / t;
        Parallel.For(0, k, i =>
        {
            var xi = xs.AsSpan(i * t, t);
            for (int j = i; j < k; j++)
            {
                double v = scale * Kernels.Dot(xi, xs.AsSpan(j * t, t));
                h[(long)i * k + j] = v;
                h[(long)j * k + i] = v;
            }
        });
        return h;
    }

    /// <summary>
    /// Upper-triangular U with UᵀU = (H + λI)⁻¹ (λ = percDamp·mean diag; dead inputs get H_dd = 1), as float K×K
    /// row-major. With J the reversal permutation, chol(JHJ) = Lp gives H = R·Rᵀ for upper R = J·Lp·J, so
    /// U = R⁻¹ = J·Lp⁻¹·J: one MathNet Cholesky and one triangular inverse instead of chol → inverse → chol.
    /// </summary>
    public static float[] InverseUpperCholesky(double[] h, int k, double percDamp, out bool[] dead)
    {
        dead = new bool[k];
        double mean = 0;
        for (int i = 0; i < k; i++)
        {
            if (h[(long)i * k + i] == 0) { dead[i] = true; h[(long)i * k + i] = 1; }
            mean += h[(long)i * k + i];
        }
        double damp = percDamp * mean / k;
        var p = Matrix<double>.Build.Dense(k, k, (i, j) => h[(long)(k - 1 - i) * k + (k - 1 - j)] + (i == j ? damp : 0));
        var lp = p.Cholesky().Factor;
        var l = new double[(long)k * k]; // row-major lower factor
        for (int i = 0; i < k; i++) for (int j = 0; j <= i; j++) l[(long)i * k + j] = lp[i, j];
        var u = new float[(long)k * k];
        // Column c of Lp⁻¹ by forward substitution; each column independent.
        Parallel.For(0, k, () => new double[k], (c, _, x) =>
        {
            x[c] = 1.0 / l[(long)c * k + c];
            for (int i = c + 1; i < k; i++)
                x[i] = -Kernels.Dot(l.AsSpan((int)((long)i * k + c), i - c), x.AsSpan(c, i - c)) / l[(long)i * k + i];
            for (int i = c; i < k; i++) u[(long)(k - 1 - i) * k + (k - 1 - c)] = (float)x[i];
            return x;
        }, _ => { });
        return u;
    }
}
