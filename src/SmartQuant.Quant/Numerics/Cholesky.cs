using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SmartQuant.Quant.Numerics;

/// <summary>
/// Blocked double-precision Cholesky factorization and lower-triangular inverse on row-major arrays, for GPTQ's
/// K×K Hessians. The O(K³) parts are one register-blocked kernel (C −= A·B, fused multiply-adds in increasing
/// inner index); work is split by output rows or panels, so every element is computed by one thread with a fixed
/// operation sequence: the result does not depend on the number of threads.
/// </summary>
internal static class Cholesky
{
    /// <summary>Which inner kernel <see cref="GemmSub"/> runs (all give identical bits; tests compare them).</summary>
    public enum GemmPath { Auto, Vector512, Vector256, Scalar }

    private const int Nb = 64;

    /// <summary>In place: the lower triangle of <paramref name="a"/> (K×K row-major, symmetric positive definite) becomes L with A = L·Lᵀ. The strict upper triangle is left as scratch.</summary>
    public static void FactorLower(double[] a, int k, int maxDop)
    {
        var po = new ParallelOptions { MaxDegreeOfParallelism = maxDop };
        for (int jb = 0; jb < k; jb += Nb)
        {
            int je = Math.Min(jb + Nb, k), w = je - jb;
            // Diagonal block.
            for (int j = jb; j < je; j++)
            {
                long rj = (long)j * k;
                double d = a[rj + j];
                for (int c = jb; c < j; c++) d -= a[rj + c] * a[rj + c];
                if (!(d > 0)) throw new ArithmeticException($"Hessian is not positive definite at column {j}");
                d = Math.Sqrt(d);
                a[rj + j] = d;
                for (int i = j + 1; i < je; i++)
                {
                    long ri = (long)i * k;
                    double s = a[ri + j];
                    for (int c = jb; c < j; c++) s -= a[ri + c] * a[rj + c];
                    a[ri + j] = s / d;
                }
            }
            if (je == k) break;
            // Panel below: L[i, jb:je] = A[i, jb:je] · L_dd⁻ᵀ, rows independent.
            Parallel.For(je, k, po, i =>
            {
                long ri = (long)i * k;
                for (int j = jb; j < je; j++)
                {
                    long rj = (long)j * k;
                    double s = a[ri + j];
                    for (int c = jb; c < j; c++) s -= a[ri + c] * a[rj + c];
                    a[ri + j] = s / a[rj + j];
                }
            });
            // Trailing lower update A[i, j] −= Σ_c L[i, c]·L[j, c] for je ≤ j ≤ i (tiles may spill into the upper scratch).
            int m = k - je;
            var pt = new double[(long)w * m]; // Pt[c][j − je] = L[j, jb + c]
            Parallel.For(0, m, po, j => { long rj = (long)(je + j) * k + jb; for (int c = 0; c < w; c++) pt[(long)c * m + j] = a[rj + c]; });
            int tiles = (m + 3) / 4;
            Parallel.ForEach(Partitioner.Create(0, tiles, 8), po, range =>
            {
                for (int t = range.Item1; t < range.Item2; t++)
                {
                    int i0 = je + 4 * t, rowsT = Math.Min(4, k - i0), cols = Math.Min(i0 + rowsT, k) - je;
                    GemmSub(a, k, (long)i0 * k + je, a, k, (long)i0 * k + jb, pt, m, 0, rowsT, cols, w);
                }
            });
        }
    }

    /// <summary>X = L⁻¹ (lower, K×K row-major) of the lower factor in <paramref name="l"/>; only L's lower triangle is read.</summary>
    public static double[] InverseLower(double[] l, int k, int maxDop)
    {
        var x = new double[(long)k * k];
        int panels = (k + Nb - 1) / Nb;
        // Panels (column blocks of X) are independent; the first ones are the largest, so hand them out one by one.
        Parallel.ForEach(Partitioner.Create(0, panels, 1), new ParallelOptions { MaxDegreeOfParallelism = maxDop }, range =>
        {
            var t = new double[Nb * Nb];
            for (int pi = range.Item1; pi < range.Item2; pi++)
            {
                int jb = pi * Nb, je = Math.Min(jb + Nb, k), w = je - jb;
                for (int ib = jb; ib < k; ib += Nb)
                {
                    int ie = Math.Min(ib + Nb, k), h = ie - ib;
                    // T = −L[ib:ie, jb:ib] · X[jb:ib, jb:je]  (the identity block when ib == jb).
                    Array.Clear(t);
                    if (ib == jb) for (int i = 0; i < w; i++) t[i * w + i] = 1;
                    else GemmSub(t, w, 0, l, k, (long)ib * k + jb, x, k, (long)jb * k + jb, h, w, ib - jb);
                    // Solve L[ib:ie, ib:ie] · X[ib:ie, panel] = T by forward substitution.
                    for (int i = 0; i < h; i++)
                    {
                        long li = (long)(ib + i) * k;
                        for (int c = 0; c < i; c++)
                        {
                            double f = l[li + ib + c];
                            long xc = (long)(ib + c) * k + jb;
                            for (int j = 0; j < w; j++) t[i * w + j] = Math.FusedMultiplyAdd(-f, x[xc + j], t[i * w + j]);
                        }
                        double inv = l[li + ib + i];
                        long xi = (long)(ib + i) * k + jb;
                        for (int j = 0; j < w; j++) x[xi + j] = t[i * w + j] / inv;
                    }
                }
            }
        });
        return x;
    }

    /// <summary>
    /// C[i, j] −= Σ_{c &lt; kk} A[i, c]·B[c, j] for i &lt; m, j &lt; n (row-major with leading dimensions and offsets),
    /// one fused multiply-add per term in increasing c, the same sequence for every element whatever the tile or
    /// vector width (<paramref name="path"/>, for tests: every path gives the same bits).
    /// </summary>
    public static void GemmSub(double[] cm, int ldc, long cOff, double[] am, int lda, long aOff, double[] bm, int ldb, long bOff, int m, int n, int kk,
        GemmPath path = GemmPath.Auto)
    {
        if (path == GemmPath.Auto)
            path = Vector512.IsHardwareAccelerated ? GemmPath.Vector512 : Vector256.IsHardwareAccelerated ? GemmPath.Vector256 : GemmPath.Scalar;
        int i = 0;
        if (path != GemmPath.Scalar)
        {
            for (; i + 4 <= m; i += 4)
            {
                int j = 0;
                if (path == GemmPath.Vector512)
                    for (; j + 16 <= n; j += 16) Tile4x16(cm, ldc, cOff + (long)i * ldc + j, am, lda, aOff + (long)i * lda, bm, ldb, bOff + j, kk);
                for (; j + 8 <= n; j += 8) Tile4x8(cm, ldc, cOff + (long)i * ldc + j, am, lda, aOff + (long)i * lda, bm, ldb, bOff + j, kk);
                for (; j < n; j++) for (int r = i; r < i + 4; r++) Scalar(cm, cOff + (long)r * ldc + j, am, aOff + (long)r * lda, bm, ldb, bOff + j, kk);
            }
        }
        for (; i < m; i++) for (int j = 0; j < n; j++) Scalar(cm, cOff + (long)i * ldc + j, am, aOff + (long)i * lda, bm, ldb, bOff + j, kk);
    }

    private static void Scalar(double[] cm, long ci, double[] am, long ai, double[] bm, int ldb, long bi, int kk)
    {
        double acc = cm[ci];
        for (int c = 0; c < kk; c++, bi += ldb) acc = Math.FusedMultiplyAdd(-am[ai + c], bm[bi], acc);
        cm[ci] = acc;
    }

    /// <summary>4 rows × 16 columns: 8 AVX-512 accumulators, the same fused sequence per element as <see cref="Tile4x8"/>.</summary>
    private static void Tile4x16(double[] cm, int ldc, long ci, double[] am, int lda, long ai, double[] bm, int ldb, long bi, int kk)
    {
        ref double cr = ref MemoryMarshal.GetArrayDataReference(cm);
        ref double ar = ref MemoryMarshal.GetArrayDataReference(am);
        ref double br = ref MemoryMarshal.GetArrayDataReference(bm);
        nuint c0 = (nuint)ci, c1 = c0 + (nuint)ldc, c2 = c1 + (nuint)ldc, c3 = c2 + (nuint)ldc;
        var s00 = Vector512.LoadUnsafe(ref cr, c0); var s01 = Vector512.LoadUnsafe(ref cr, c0 + 8);
        var s10 = Vector512.LoadUnsafe(ref cr, c1); var s11 = Vector512.LoadUnsafe(ref cr, c1 + 8);
        var s20 = Vector512.LoadUnsafe(ref cr, c2); var s21 = Vector512.LoadUnsafe(ref cr, c2 + 8);
        var s30 = Vector512.LoadUnsafe(ref cr, c3); var s31 = Vector512.LoadUnsafe(ref cr, c3 + 8);
        nint a0 = (nint)ai, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        nuint b = (nuint)bi;
        for (int c = 0; c < kk; c++, b += (nuint)ldb)
        {
            var b0 = Vector512.LoadUnsafe(ref br, b);
            var b1 = Vector512.LoadUnsafe(ref br, b + 8);
            var x = Vector512.Create(-Unsafe.Add(ref ar, a0 + c));
            s00 = Vector512.FusedMultiplyAdd(x, b0, s00); s01 = Vector512.FusedMultiplyAdd(x, b1, s01);
            x = Vector512.Create(-Unsafe.Add(ref ar, a1 + c));
            s10 = Vector512.FusedMultiplyAdd(x, b0, s10); s11 = Vector512.FusedMultiplyAdd(x, b1, s11);
            x = Vector512.Create(-Unsafe.Add(ref ar, a2 + c));
            s20 = Vector512.FusedMultiplyAdd(x, b0, s20); s21 = Vector512.FusedMultiplyAdd(x, b1, s21);
            x = Vector512.Create(-Unsafe.Add(ref ar, a3 + c));
            s30 = Vector512.FusedMultiplyAdd(x, b0, s30); s31 = Vector512.FusedMultiplyAdd(x, b1, s31);
        }
        s00.StoreUnsafe(ref cr, c0); s01.StoreUnsafe(ref cr, c0 + 8);
        s10.StoreUnsafe(ref cr, c1); s11.StoreUnsafe(ref cr, c1 + 8);
        s20.StoreUnsafe(ref cr, c2); s21.StoreUnsafe(ref cr, c2 + 8);
        s30.StoreUnsafe(ref cr, c3); s31.StoreUnsafe(ref cr, c3 + 8);
    }

    private static void Tile4x8(double[] cm, int ldc, long ci, double[] am, int lda, long ai, double[] bm, int ldb, long bi, int kk)
    {
        ref double cr = ref MemoryMarshal.GetArrayDataReference(cm);
        ref double ar = ref MemoryMarshal.GetArrayDataReference(am);
        ref double br = ref MemoryMarshal.GetArrayDataReference(bm);
        nuint c0 = (nuint)ci, c1 = c0 + (nuint)ldc, c2 = c1 + (nuint)ldc, c3 = c2 + (nuint)ldc;
        var s00 = Vector256.LoadUnsafe(ref cr, c0); var s01 = Vector256.LoadUnsafe(ref cr, c0 + 4);
        var s10 = Vector256.LoadUnsafe(ref cr, c1); var s11 = Vector256.LoadUnsafe(ref cr, c1 + 4);
        var s20 = Vector256.LoadUnsafe(ref cr, c2); var s21 = Vector256.LoadUnsafe(ref cr, c2 + 4);
        var s30 = Vector256.LoadUnsafe(ref cr, c3); var s31 = Vector256.LoadUnsafe(ref cr, c3 + 4);
        nint a0 = (nint)ai, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        nuint b = (nuint)bi;
        for (int c = 0; c < kk; c++, b += (nuint)ldb)
        {
            var b0 = Vector256.LoadUnsafe(ref br, b);
            var b1 = Vector256.LoadUnsafe(ref br, b + 4);
            var x = Vector256.Create(-Unsafe.Add(ref ar, a0 + c));
            s00 = Vector256.FusedMultiplyAdd(x, b0, s00); s01 = Vector256.FusedMultiplyAdd(x, b1, s01);
            x = Vector256.Create(-Unsafe.Add(ref ar, a1 + c));
            s10 = Vector256.FusedMultiplyAdd(x, b0, s10); s11 = Vector256.FusedMultiplyAdd(x, b1, s11);
            x = Vector256.Create(-Unsafe.Add(ref ar, a2 + c));
            s20 = Vector256.FusedMultiplyAdd(x, b0, s20); s21 = Vector256.FusedMultiplyAdd(x, b1, s21);
            x = Vector256.Create(-Unsafe.Add(ref ar, a3 + c));
            s30 = Vector256.FusedMultiplyAdd(x, b0, s30); s31 = Vector256.FusedMultiplyAdd(x, b1, s31);
        }
        s00.StoreUnsafe(ref cr, c0); s01.StoreUnsafe(ref cr, c0 + 4);
        s10.StoreUnsafe(ref cr, c1); s11.StoreUnsafe(ref cr, c1 + 4);
        s20.StoreUnsafe(ref cr, c2); s21.StoreUnsafe(ref cr, c2 + 4);
        s30.StoreUnsafe(ref cr, c3); s31.StoreUnsafe(ref cr, c3 + 4);
    }
}
