using System.Numerics;
using System.Runtime.InteropServices;
using SmartQuant.Quant.Numerics;

namespace SmartQuant.RealModel;

/// <summary>
/// Relative output error ‖(W − Ŵ)X‖_F / ‖W·X‖_F of a layer on held-out activations X[K × T], computed through the
/// Gram matrix G = X·Xᵀ: ‖D·X‖²_F = Σ_rows d·G·dᵀ. G is built once per layer input (K² · T work) and every method's
/// error then costs N · K² instead of N · K · T, which is what makes the 36-layer × 15-variant table affordable.
/// </summary>
public sealed class LayerError
{
    private readonly double[] _g;
    public int Features { get; }

    public LayerError(float[] x, int k, int tokens)
    {
        Features = k;
        _g = Hessian.FromActivations(x, k, tokens); // (2/T)·X·Xᵀ: the constant factor cancels in the ratio
    }

    /// <summary>Σ over rows r of a_r · G · a_rᵀ for A[n × K] = <paramref name="a"/> − <paramref name="b"/> (b null → A = a).</summary>
    public double Energy(float[] a, float[]? b, int n)
    {
        int k = Features;
        var part = new double[n];
        Parallel.For(0, n, () => (new double[k], new double[k]), (r, _, buf) =>
        {
            var (d, gd) = buf;
            for (int c = 0; c < k; c++) d[c] = a[(long)r * k + c] - (b is null ? 0 : b[(long)r * k + c]);
            for (int i = 0; i < k; i++) gd[i] = Dot(_g.AsSpan(i * k, k), d);
            part[r] = Dot(d, gd);
            return buf;
        }, _ => { });
        return part.Sum();
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var va = MemoryMarshal.Cast<double, Vector<double>>(a);
        var vb = MemoryMarshal.Cast<double, Vector<double>>(b[..a.Length]);
        var acc = Vector<double>.Zero;
        for (int v = 0; v < va.Length; v++) acc += va[v] * vb[v];
        double sum = Vector.Sum(acc);
        for (int i = va.Length * Vector<double>.Count; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    public double Relative(float[] w, float[] wq, int n)
    {
        double den = Energy(w, null, n);
        return den == 0 ? 0 : Math.Sqrt(Math.Max(0, Energy(w, wq, n)) / den);
    }
}
