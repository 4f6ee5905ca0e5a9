using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.InteropServices;

namespace SmartQuant.Quant.Numerics;

/// <summary>The few SIMD loops the GPTQ hot path needs (axpy, dot, the lazy rank-b update); everything else goes through MathNet.</summary>
internal static class Kernels
{
    /// <summary>Which inner kernel the lazy GPTQ update runs (all give identical bits; tests compare them).</summary>
    public enum UpdatePath { Auto, Vector512, Vector256, Scalar }

    /// <summary>
    /// y[i] = fma(−a, x[i], y[i]) (one rounding per element). Vector lanes and the scalar tail compute the same fused
    /// operation, so an element's result does not depend on where a span starts or ends.
    /// </summary>
    public static void SubtractScaledFused(Span<float> y, float a, ReadOnlySpan<float> x)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var na = Vector256.Create(-a);
            var vy = MemoryMarshal.Cast<float, Vector256<float>>(y);
            var vx = MemoryMarshal.Cast<float, Vector256<float>>(x[..y.Length]);
            for (int v = 0; v < vy.Length; v++) vy[v] = Vector256.FusedMultiplyAdd(na, vx[v], vy[v]);
            i = vy.Length * Vector256<float>.Count;
        }
        for (; i < y.Length; i++) y[i] = MathF.FusedMultiplyAdd(-a, x[i], y[i]);
    }

    /// <summary>
    /// GPTQ's lazy block update on a column-major chunk: for every p in [i2, k) and r &lt; rows,
    /// w[p·rows + r] −= Σ_{j &lt; cnt} u[(i1 + j)·k + p] · e[j·rows + r], accumulated as fused multiply-adds in
    /// increasing j (one rounding each), the same sequence for every element whatever the tiling.
    /// Tiles: 4 columns p × 32 rows r (AVX-512) or × 16 rows (AVX2) in registers, 64 columns of U reused from L1
    /// across the row tiles. Every path (<paramref name="path"/>, for tests) gives the same bits.
    /// </summary>
    public static void SubtractTransposedProduct(float[] w, int rows, float[] e, int cnt, float[] u, int k, int i1, int i2, UpdatePath path = UpdatePath.Auto)
    {
        const int pBlock = 64;
        if (path == UpdatePath.Auto)
            path = Vector512.IsHardwareAccelerated ? UpdatePath.Vector512 : Vector256.IsHardwareAccelerated ? UpdatePath.Vector256 : UpdatePath.Scalar;
        for (int pb = i2; pb < k; pb += pBlock)
        {
            int pe = Math.Min(pb + pBlock, k);
            int r = 0;
            if (path == UpdatePath.Vector512)
            {
                for (; r + 32 <= rows; r += 32)
                {
                    int p = pb;
                    for (; p + 4 <= pe; p += 4) Tile4x32(w, rows, e, cnt, u, k, i1, p, r);
                    for (; p < pe; p++) { Tile1x16(w, rows, e, cnt, u, k, i1, p, r); Tile1x16(w, rows, e, cnt, u, k, i1, p, r + 16); }
                }
            }
            if (path != UpdatePath.Scalar)
            {
                for (; r + 16 <= rows; r += 16)
                {
                    int p = pb;
                    for (; p + 4 <= pe; p += 4) Tile4x16(w, rows, e, cnt, u, k, i1, p, r);
                    for (; p < pe; p++) Tile1x16(w, rows, e, cnt, u, k, i1, p, r);
                }
            }
            for (; r < rows; r++)
                for (int p = pb; p < pe; p++)
                {
                    long wi = (long)p * rows + r;
                    float acc = w[wi];
                    for (int j = 0; j < cnt; j++) acc = MathF.FusedMultiplyAdd(-u[(long)(i1 + j) * k + p], e[(long)j * rows + r], acc);
                    w[wi] = acc;
                }
        }
    }

    private static void Tile4x16(float[] w, int rows, float[] e, int cnt, float[] u, int k, int i1, int p, int r)
    {
        ref float wr = ref MemoryMarshal.GetArrayDataReference(w);
        ref float er = ref MemoryMarshal.GetArrayDataReference(e);
        ref float ur = ref MemoryMarshal.GetArrayDataReference(u);
        nint w0 = (nint)((long)p * rows + r), w1 = w0 + rows, w2 = w1 + rows, w3 = w2 + rows;
        var a00 = Vector256.LoadUnsafe(ref wr, (nuint)w0); var a01 = Vector256.LoadUnsafe(ref wr, (nuint)(w0 + 8));
        var a10 = Vector256.LoadUnsafe(ref wr, (nuint)w1); var a11 = Vector256.LoadUnsafe(ref wr, (nuint)(w1 + 8));
        var a20 = Vector256.LoadUnsafe(ref wr, (nuint)w2); var a21 = Vector256.LoadUnsafe(ref wr, (nuint)(w2 + 8));
        var a30 = Vector256.LoadUnsafe(ref wr, (nuint)w3); var a31 = Vector256.LoadUnsafe(ref wr, (nuint)(w3 + 8));
        nint ei = r, ui = (nint)((long)i1 * k + p);
        for (int j = 0; j < cnt; j++, ei += rows, ui += k)
        {
            var e0 = Vector256.LoadUnsafe(ref er, (nuint)ei);
            var e1 = Vector256.LoadUnsafe(ref er, (nuint)(ei + 8));
            var b = Vector256.Create(-Unsafe.Add(ref ur, ui));
            a00 = Vector256.FusedMultiplyAdd(b, e0, a00); a01 = Vector256.FusedMultiplyAdd(b, e1, a01);
            b = Vector256.Create(-Unsafe.Add(ref ur, ui + 1));
            a10 = Vector256.FusedMultiplyAdd(b, e0, a10); a11 = Vector256.FusedMultiplyAdd(b, e1, a11);
            b = Vector256.Create(-Unsafe.Add(ref ur, ui + 2));
            a20 = Vector256.FusedMultiplyAdd(b, e0, a20); a21 = Vector256.FusedMultiplyAdd(b, e1, a21);
            b = Vector256.Create(-Unsafe.Add(ref ur, ui + 3));
            a30 = Vector256.FusedMultiplyAdd(b, e0, a30); a31 = Vector256.FusedMultiplyAdd(b, e1, a31);
        }
        a00.StoreUnsafe(ref wr, (nuint)w0); a01.StoreUnsafe(ref wr, (nuint)(w0 + 8));
        a10.StoreUnsafe(ref wr, (nuint)w1); a11.StoreUnsafe(ref wr, (nuint)(w1 + 8));
        a20.StoreUnsafe(ref wr, (nuint)w2); a21.StoreUnsafe(ref wr, (nuint)(w2 + 8));
        a30.StoreUnsafe(ref wr, (nuint)w3); a31.StoreUnsafe(ref wr, (nuint)(w3 + 8));
    }

    /// <summary>4 columns p × 32 rows: 8 AVX-512 accumulators, the same fused sequence per element as <see cref="Tile4x16"/>.</summary>
    private static void Tile4x32(float[] w, int rows, float[] e, int cnt, float[] u, int k, int i1, int p, int r)
    {
        ref float wr = ref MemoryMarshal.GetArrayDataReference(w);
        ref float er = ref MemoryMarshal.GetArrayDataReference(e);
        ref float ur = ref MemoryMarshal.GetArrayDataReference(u);
        nint w0 = (nint)((long)p * rows + r), w1 = w0 + rows, w2 = w1 + rows, w3 = w2 + rows;
        var a00 = Vector512.LoadUnsafe(ref wr, (nuint)w0); var a01 = Vector512.LoadUnsafe(ref wr, (nuint)(w0 + 16));
        var a10 = Vector512.LoadUnsafe(ref wr, (nuint)w1); var a11 = Vector512.LoadUnsafe(ref wr, (nuint)(w1 + 16));
        var a20 = Vector512.LoadUnsafe(ref wr, (nuint)w2); var a21 = Vector512.LoadUnsafe(ref wr, (nuint)(w2 + 16));
        var a30 = Vector512.LoadUnsafe(ref wr, (nuint)w3); var a31 = Vector512.LoadUnsafe(ref wr, (nuint)(w3 + 16));
        nint ei = r, ui = (nint)((long)i1 * k + p);
        for (int j = 0; j < cnt; j++, ei += rows, ui += k)
        {
            var e0 = Vector512.LoadUnsafe(ref er, (nuint)ei);
            var e1 = Vector512.LoadUnsafe(ref er, (nuint)(ei + 16));
            var b = Vector512.Create(-Unsafe.Add(ref ur, ui));
            a00 = Vector512.FusedMultiplyAdd(b, e0, a00); a01 = Vector512.FusedMultiplyAdd(b, e1, a01);
            b = Vector512.Create(-Unsafe.Add(ref ur, ui + 1));
            a10 = Vector512.FusedMultiplyAdd(b, e0, a10); a11 = Vector512.FusedMultiplyAdd(b, e1, a11);
            b = Vector512.Create(-Unsafe.Add(ref ur, ui + 2));
            a20 = Vector512.FusedMultiplyAdd(b, e0, a20); a21 = Vector512.FusedMultiplyAdd(b, e1, a21);
            b = Vector512.Create(-Unsafe.Add(ref ur, ui + 3));
            a30 = Vector512.FusedMultiplyAdd(b, e0, a30); a31 = Vector512.FusedMultiplyAdd(b, e1, a31);
        }
        a00.StoreUnsafe(ref wr, (nuint)w0); a01.StoreUnsafe(ref wr, (nuint)(w0 + 16));
        a10.StoreUnsafe(ref wr, (nuint)w1); a11.StoreUnsafe(ref wr, (nuint)(w1 + 16));
        a20.StoreUnsafe(ref wr, (nuint)w2); a21.StoreUnsafe(ref wr, (nuint)(w2 + 16));
        a30.StoreUnsafe(ref wr, (nuint)w3); a31.StoreUnsafe(ref wr, (nuint)(w3 + 16));
    }

    private static void Tile1x16(float[] w, int rows, float[] e, int cnt, float[] u, int k, int i1, int p, int r)
    {
        ref float wr = ref MemoryMarshal.GetArrayDataReference(w);
        ref float er = ref MemoryMarshal.GetArrayDataReference(e);
        ref float ur = ref MemoryMarshal.GetArrayDataReference(u);
        nint w0 = (nint)((long)p * rows + r);
        var a0 = Vector256.LoadUnsafe(ref wr, (nuint)w0); var a1 = Vector256.LoadUnsafe(ref wr, (nuint)(w0 + 8));
        nint ei = r, ui = (nint)((long)i1 * k + p);
        for (int j = 0; j < cnt; j++, ei += rows, ui += k)
        {
            var b = Vector256.Create(-Unsafe.Add(ref ur, ui));
            a0 = Vector256.FusedMultiplyAdd(b, Vector256.LoadUnsafe(ref er, (nuint)ei), a0);
            a1 = Vector256.FusedMultiplyAdd(b, Vector256.LoadUnsafe(ref er, (nuint)(ei + 8)), a1);
        }
        a0.StoreUnsafe(ref wr, (nuint)w0); a1.StoreUnsafe(ref wr, (nuint)(w0 + 8));
    }

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
