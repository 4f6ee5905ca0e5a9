using System.Numerics;
using System.Runtime.InteropServices;

namespace SmartQuant.Quant.Numerics;

/// <summary>The few SIMD loops the GPTQ hot path needs (axpy and dot); everything else goes through MathNet.</summary>
internal static class Kernels
{
    /// <summary>y −= a·x.</summary>
    public static void SubtractScaled(Span<float> y, float a, ReadOnlySpan<float> x)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = new Vector<float>(a);
            var vy = MemoryMarshal.Cast<float, Vector<float>>(y);
            var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
            for (int v = 0; v < vy.Length; v++) vy[v] -= va * vx[v];
            i = vy.Length * Vector<float>.Count;
        }
        for (; i < y.Length; i++) y[i] -= a * x[i];
    }

    public static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int i = 0;
        var acc = Vector<float>.Zero;
        double sum = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = MemoryMarshal.Cast<float, Vector<float>>(a);
            var vb = MemoryMarshal.Cast<float, Vector<float>>(b[..a.Length]);
            for (int v = 0; v < va.Length; v++) acc += va[v] * vb[v];
            i = va.Length * Vector<float>.Count;
            sum = Vector.Sum(acc);
        }
        for (; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var acc = Vector<double>.Zero;
            var va = MemoryMarshal.Cast<double, Vector<double>>(a);
            var vb = MemoryMarshal.Cast<double, Vector<double>>(b[..a.Length]);
            for (int v = 0; v < va.Length; v++) acc += va[v] * vb[v];
            i = va.Length * Vector<double>.Count;
            sum = Vector.Sum(acc);
        }
        for (; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }
}
