using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SmartQuant.Quant.Numerics;

/// <summary>
/// The symmetric rank-b update S += Pᵀ·P of <see cref="HessianAccumulator"/>: S is K×K row-major double, P is a batch
/// of b tokens packed by <see cref="HessianAccumulator"/> as groups of 8 features: element (token t, feature c) sits at
/// <c>p[(c / 8)·stride + t·8 + c % 8]</c>, stride = 8 × the buffer's token capacity, unused lanes zero.
/// <para>
/// Summation order (the contract every path keeps): S[i, j] = fma(x_t[i], x_t[j], S[i, j]) for t = 0, 1, … in token
/// order, one fused multiply-add per token. The product of two floats is exact in double, so each step is one rounding
/// of S + x_t[i]·x_t[j], and the result is the plain left-to-right double sum of the products whatever the vector
/// width, tile, batch boundary or thread. Work is split into disjoint tiles of S, each computed by one thread.
/// </para>
/// <para>
/// Blocking: tiles of 8 rows (one feature group, broadcast from P) × 24 columns (three groups, three 512-bit vectors)
/// hold 24 accumulators in registers for the whole batch; only tiles touching the upper triangle are computed (the
/// diagonal tiles also fill a few lower elements, which the accumulator ignores). A thread takes a column strip of
/// <see cref="StripTiles"/> tiles (its P columns stay in L2) and walks down its rows, largest strips first.
/// </para>
/// </summary>
internal static class SyrkKernel
{
    public const int Group = 8, TileRows = 8, TileGroups = 3, TileCols = TileGroups * Group;
    private const int StripTiles = 4;

    /// <summary>Which inner kernel runs (all give identical bits; tests compare them).</summary>
    public enum Path { Auto, Vector512, Vector256, Scalar }

    /// <summary>
    /// S += Pᵀ·P over <paramref name="tokens"/> tokens for the upper triangle (and the lower elements inside diagonal
    /// tiles). <paramref name="p"/> holds <paramref name="groups"/> groups (a multiple of 3, zero-padded) of stride
    /// <paramref name="stride"/>.
    /// </summary>
    public static void Update(double[] s, int k, double[] p, int groups, long stride, int tokens, int maxDop, Path path = Path.Auto)
    {
        if (tokens == 0) return;
        if (path == Path.Auto)
            path = Vector512.IsHardwareAccelerated ? Path.Vector512 : Vector256.IsHardwareAccelerated ? Path.Vector256 : Path.Scalar;
        int rowTiles = (k + TileRows - 1) / TileRows;
        int colTiles = (k + TileCols - 1) / TileCols;
        int strips = (colTiles + StripTiles - 1) / StripTiles;
        // Strip q covers column tiles [q·StripTiles, …); the last strips reach the most rows, so they go first.
        Parallel.ForEach(Partitioner.Create(0, strips, 1), new ParallelOptions { MaxDegreeOfParallelism = maxDop }, range =>
        {
            var scratch = new double[TileRows * TileCols];
            for (int q = strips - 1 - range.Item1; q > strips - 1 - range.Item2; q--)
            {
                int ct0 = q * StripTiles, ct1 = Math.Min(ct0 + StripTiles, colTiles);
                int lastCol = Math.Min(ct1 * TileCols, k) - 1;
                int rt1 = Math.Min(rowTiles, lastCol / TileRows + 1);
                for (int rt = 0; rt < rt1; rt++)
                {
                    int i0 = rt * TileRows;
                    // First column tile that reaches the diagonal of these rows.
                    int ctStart = Math.Max(ct0, i0 / TileCols);
                    for (int ct = ctStart; ct < ct1; ct++)
                        Tile(s, k, p, stride, tokens, i0, ct * TileCols, path, scratch);
                }
            }
        });
    }

    /// <summary>One 8×24 tile at (i0, j0): in place when it lies inside S, else through a scratch tile (same operations).</summary>
    private static void Tile(double[] s, int k, double[] p, long stride, int tokens, int i0, int j0, Path path, double[] scratch)
    {
        long a = (long)(i0 / Group) * stride, b = (long)(j0 / Group) * stride;
        if (i0 + TileRows <= k && j0 + TileCols <= k)
        {
            Run(s, (long)i0 * k + j0, k, p, a, b, stride, tokens, path);
            return;
        }
        int rows = Math.Min(TileRows, k - i0), cols = Math.Min(TileCols, k - j0);
        Array.Clear(scratch);
        for (int r = 0; r < rows; r++) Array.Copy(s, (long)(i0 + r) * k + j0, scratch, r * TileCols, cols);
        Run(scratch, 0, TileCols, p, a, b, stride, tokens, path);
        for (int r = 0; r < rows; r++) Array.Copy(scratch, r * TileCols, s, (long)(i0 + r) * k + j0, cols);
    }

    private static void Run(double[] s, long sOff, int lds, double[] p, long a, long b, long stride, int tokens, Path path)
    {
        switch (path)
        {
            case Path.Vector512: Tile8x24V512(s, sOff, lds, p, a, b, stride, tokens); break;
            case Path.Vector256:
                for (int r = 0; r < TileRows; r += 4)
                    for (int g = 0; g < TileGroups; g++) Tile4x8V256(s, sOff + (long)r * lds + g * Group, lds, p, a + r, b + g * stride, tokens);
                break;
            default: TileScalar(s, sOff, lds, p, a, b, stride, tokens); break;
        }
    }

    private static void TileScalar(double[] s, long sOff, int lds, double[] p, long a, long b, long stride, int tokens)
    {
        for (int r = 0; r < TileRows; r++)
            for (int c = 0; c < TileCols; c++)
            {
                long si = sOff + (long)r * lds + c, bc = b + (c / Group) * stride + c % Group;
                double acc = s[si];
                for (int t = 0; t < tokens; t++) acc = Math.FusedMultiplyAdd(p[a + t * Group + r], p[bc + t * Group], acc);
                s[si] = acc;
            }
    }

    /// <summary>4 rows × 8 columns (two 256-bit halves of one group): 8 accumulators, for machines without AVX-512.</summary>
    private static void Tile4x8V256(double[] s, long sOff, int lds, double[] p, long a, long b, int tokens)
    {
        ref double sr = ref MemoryMarshal.GetArrayDataReference(s);
        ref double pr = ref MemoryMarshal.GetArrayDataReference(p);
        nuint s0 = (nuint)sOff, s1 = s0 + (nuint)lds, s2 = s1 + (nuint)lds, s3 = s2 + (nuint)lds;
        var c00 = Vector256.LoadUnsafe(ref sr, s0); var c01 = Vector256.LoadUnsafe(ref sr, s0 + 4);
        var c10 = Vector256.LoadUnsafe(ref sr, s1); var c11 = Vector256.LoadUnsafe(ref sr, s1 + 4);
        var c20 = Vector256.LoadUnsafe(ref sr, s2); var c21 = Vector256.LoadUnsafe(ref sr, s2 + 4);
        var c30 = Vector256.LoadUnsafe(ref sr, s3); var c31 = Vector256.LoadUnsafe(ref sr, s3 + 4);
        nuint ai = (nuint)a, bi = (nuint)b;
        for (int t = 0; t < tokens; t++, ai += Group, bi += Group)
        {
            var b0 = Vector256.LoadUnsafe(ref pr, bi); var b1 = Vector256.LoadUnsafe(ref pr, bi + 4);
            var x = Vector256.Create(Unsafe.Add(ref pr, ai));
            c00 = Vector256.FusedMultiplyAdd(x, b0, c00); c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
            x = Vector256.Create(Unsafe.Add(ref pr, ai + 1));
            c10 = Vector256.FusedMultiplyAdd(x, b0, c10); c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
            x = Vector256.Create(Unsafe.Add(ref pr, ai + 2));
            c20 = Vector256.FusedMultiplyAdd(x, b0, c20); c21 = Vector256.FusedMultiplyAdd(x, b1, c21);
            x = Vector256.Create(Unsafe.Add(ref pr, ai + 3));
            c30 = Vector256.FusedMultiplyAdd(x, b0, c30); c31 = Vector256.FusedMultiplyAdd(x, b1, c31);
        }
        c00.StoreUnsafe(ref sr, s0); c01.StoreUnsafe(ref sr, s0 + 4);
        c10.StoreUnsafe(ref sr, s1); c11.StoreUnsafe(ref sr, s1 + 4);
        c20.StoreUnsafe(ref sr, s2); c21.StoreUnsafe(ref sr, s2 + 4);
        c30.StoreUnsafe(ref sr, s3); c31.StoreUnsafe(ref sr, s3 + 4);
    }

    /// <summary>8 rows × 24 columns: 24 accumulators, 3 column vectors and one broadcast live in the 32 AVX-512 registers.</summary>
    private static void Tile8x24V512(double[] s, long sOff, int lds, double[] p, long a, long b, long stride, int tokens)
    {
        ref double sr = ref MemoryMarshal.GetArrayDataReference(s);
        ref double pr = ref MemoryMarshal.GetArrayDataReference(p);
        nuint l = (nuint)lds;
        nuint s0 = (nuint)sOff, s1 = s0 + l, s2 = s1 + l, s3 = s2 + l, s4 = s3 + l, s5 = s4 + l, s6 = s5 + l, s7 = s6 + l;
        var c00 = Vector512.LoadUnsafe(ref sr, s0); var c01 = Vector512.LoadUnsafe(ref sr, s0 + 8); var c02 = Vector512.LoadUnsafe(ref sr, s0 + 16);
        var c10 = Vector512.LoadUnsafe(ref sr, s1); var c11 = Vector512.LoadUnsafe(ref sr, s1 + 8); var c12 = Vector512.LoadUnsafe(ref sr, s1 + 16);
        var c20 = Vector512.LoadUnsafe(ref sr, s2); var c21 = Vector512.LoadUnsafe(ref sr, s2 + 8); var c22 = Vector512.LoadUnsafe(ref sr, s2 + 16);
        var c30 = Vector512.LoadUnsafe(ref sr, s3); var c31 = Vector512.LoadUnsafe(ref sr, s3 + 8); var c32 = Vector512.LoadUnsafe(ref sr, s3 + 16);
        var c40 = Vector512.LoadUnsafe(ref sr, s4); var c41 = Vector512.LoadUnsafe(ref sr, s4 + 8); var c42 = Vector512.LoadUnsafe(ref sr, s4 + 16);
        var c50 = Vector512.LoadUnsafe(ref sr, s5); var c51 = Vector512.LoadUnsafe(ref sr, s5 + 8); var c52 = Vector512.LoadUnsafe(ref sr, s5 + 16);
        var c60 = Vector512.LoadUnsafe(ref sr, s6); var c61 = Vector512.LoadUnsafe(ref sr, s6 + 8); var c62 = Vector512.LoadUnsafe(ref sr, s6 + 16);
        var c70 = Vector512.LoadUnsafe(ref sr, s7); var c71 = Vector512.LoadUnsafe(ref sr, s7 + 8); var c72 = Vector512.LoadUnsafe(ref sr, s7 + 16);
        nuint ai = (nuint)a, b0i = (nuint)b, b1i = b0i + (nuint)stride, b2i = b1i + (nuint)stride;
        for (int t = 0; t < tokens; t++, ai += Group, b0i += Group, b1i += Group, b2i += Group)
        {
            var b0 = Vector512.LoadUnsafe(ref pr, b0i);
            var b1 = Vector512.LoadUnsafe(ref pr, b1i);
            var b2 = Vector512.LoadUnsafe(ref pr, b2i);
            var x = Vector512.Create(Unsafe.Add(ref pr, ai));
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00); c01 = Vector512.FusedMultiplyAdd(x, b1, c01); c02 = Vector512.FusedMultiplyAdd(x, b2, c02);
            x = Vector512.Create(Unsafe.Add(ref pr, ai + 1));
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10); c11 = Vector512.FusedMultiplyAdd(x, b1, c11); c12 = Vector512.FusedMultiplyAdd(x, b2, c12);
            x = Vector512.Create(Unsafe.Add(ref pr, ai + 2));
            c20 = Vector512.FusedMultiplyAdd(x, b0, c20); c21 = Vector512.FusedMultiplyAdd(x, b1, c21); c22 = Vector512.FusedMultiplyAdd(x, b2, c22);
            x = Vector512.Create(Unsafe.Add(ref pr, ai + 3));
            c30 = Vector512.FusedMultiplyAdd(x, b0, c30); c31 = Vector512.FusedMultiplyAdd(x, b1, c31); c32 = Vector512.FusedMultiplyAdd(x, b2, c32);
            x = Vector512.Create(Unsafe.Add(ref pr, ai + 4));
            c40 = Vector512.FusedMultiplyAdd(x, b0, c40); c41 = Vector512.FusedMultiplyAdd(x, b1, c41); c42 = Vector512.FusedMultiplyAdd(x, b2, c42);
            x = Vector512.Create(Unsafe.Add(ref pr, ai + 5));
            c50 = Vector512.FusedMultiplyAdd(x, b0, c50); c51 = Vector512.FusedMultiplyAdd(x, b1, c51); c52 = Vector512.FusedMultiplyAdd(x, b2, c52);
            x = Vector512.Create(Unsafe.Add(ref pr, ai + 6));
            c60 = Vector512.FusedMultiplyAdd(x, b0, c60); c61 = Vector512.FusedMultiplyAdd(x, b1, c61); c62 = Vector512.FusedMultiplyAdd(x, b2, c62);
            x = Vector512.Create(Unsafe.Add(ref pr, ai + 7));
            c70 = Vector512.FusedMultiplyAdd(x, b0, c70); c71 = Vector512.FusedMultiplyAdd(x, b1, c71); c72 = Vector512.FusedMultiplyAdd(x, b2, c72);
        }
        c00.StoreUnsafe(ref sr, s0); c01.StoreUnsafe(ref sr, s0 + 8); c02.StoreUnsafe(ref sr, s0 + 16);
        c10.StoreUnsafe(ref sr, s1); c11.StoreUnsafe(ref sr, s1 + 8); c12.StoreUnsafe(ref sr, s1 + 16);
        c20.StoreUnsafe(ref sr, s2); c21.StoreUnsafe(ref sr, s2 + 8); c22.StoreUnsafe(ref sr, s2 + 16);
        c30.StoreUnsafe(ref sr, s3); c31.StoreUnsafe(ref sr, s3 + 8); c32.StoreUnsafe(ref sr, s3 + 16);
        c40.StoreUnsafe(ref sr, s4); c41.StoreUnsafe(ref sr, s4 + 8); c42.StoreUnsafe(ref sr, s4 + 16);
        c50.StoreUnsafe(ref sr, s5); c51.StoreUnsafe(ref sr, s5 + 8); c52.StoreUnsafe(ref sr, s5 + 16);
        c60.StoreUnsafe(ref sr, s6); c61.StoreUnsafe(ref sr, s6 + 8); c62.StoreUnsafe(ref sr, s6 + 16);
        c70.StoreUnsafe(ref sr, s7); c71.StoreUnsafe(ref sr, s7 + 8); c72.StoreUnsafe(ref sr, s7 + 16);
    }
}
