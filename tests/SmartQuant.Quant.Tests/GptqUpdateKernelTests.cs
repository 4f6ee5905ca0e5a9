using SmartQuant.Quant.Numerics;
using SmartQuant.Quant.Sources;

namespace SmartQuant.Quant.Tests;

/// <summary>GPTQ's lazy block update gives the same bits on its AVX-512, AVX2 and scalar paths (so the quantizer output does not depend on the machine's vector width).</summary>
public class GptqUpdateKernelTests
{
    [Theory]
    [InlineData(75, 151, 10, 30)]   // rows: two 32-row (AVX-512) or four 16-row tiles, then 11 scalar rows; 121 columns p: 64 + 57, one left over from the 4-column tiles
    [InlineData(512, 203, 128, 137)] // 66 columns p: 64 + 2 left over
    public void AllPathsGiveIdenticalBits(int rows, int k, int i1, int i2)
    {
        int cnt = i2 - i1;
        var rng = new SplitMix64(9);
        float R() => (float)(rng.NextDouble() * 2 - 1);
        var w0 = new float[(long)k * rows];
        var e = new float[(long)cnt * rows];
        var u = new float[(long)k * k];
        for (int i = 0; i < w0.Length; i++) w0[i] = R();
        for (int i = 0; i < e.Length; i++) e[i] = R();
        for (int i = 0; i < u.Length; i++) u[i] = R();
        float[] Run(Kernels.UpdatePath path)
        {
            var w = (float[])w0.Clone();
            Kernels.SubtractTransposedProduct(w, rows, e, cnt, u, k, i1, i2, path);
            return w;
        }
        var scalar = Run(Kernels.UpdatePath.Scalar);
        // The formula written out: one fused multiply-add per term, in increasing j.
        for (int p = 0; p < k; p++)
            for (int r = 0; r < rows; r++)
            {
                float acc = w0[(long)p * rows + r];
                if (p >= i2) for (int j = 0; j < cnt; j++) acc = MathF.FusedMultiplyAdd(-u[(long)(i1 + j) * k + p], e[(long)j * rows + r], acc);
                Assert.Equal(acc, scalar[(long)p * rows + r]);
            }
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated) Assert.Equal(scalar, Run(Kernels.UpdatePath.Vector256));
        if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) Assert.Equal(scalar, Run(Kernels.UpdatePath.Vector512));
    }
}

/// <summary>The Cholesky / triangular-inverse update C −= A·B gives the same bits on its AVX-512, AVX2 and scalar paths.</summary>
public class CholeskyGemmKernelTests
{
    [Theory]
    [InlineData(13, 45, 70)]  // rows: three 4-row tiles + 1; columns: 32 (two 16-wide) + 8 + 5 scalar
    [InlineData(64, 64, 64)]
    public void AllPathsGiveIdenticalBits(int m, int n, int kk)
    {
        var rng = new SplitMix64(4);
        double[] Fill(int len) { var a = new double[len]; for (int i = 0; i < len; i++) a[i] = rng.NextDouble() * 2 - 1; return a; }
        int lda = kk + 3, ldb = n + 5, ldc = n + 7;
        var a = Fill(m * lda + 2);
        var b = Fill(kk * ldb + 1);
        var c0 = Fill(m * ldc + 4);
        double[] Run(Cholesky.GemmPath path)
        {
            var c = (double[])c0.Clone();
            Cholesky.GemmSub(c, ldc, 4, a, lda, 2, b, ldb, 1, m, n, kk, path);
            return c;
        }
        var scalar = Run(Cholesky.GemmPath.Scalar);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double acc = c0[4 + i * ldc + j];
                for (int c = 0; c < kk; c++) acc = Math.FusedMultiplyAdd(-a[2 + i * lda + c], b[1 + c * ldb + j], acc);
                Assert.Equal(acc, scalar[4 + i * ldc + j]);
            }
        Assert.Equal(c0[..4], scalar[..4]); // nothing outside C is touched
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated) Assert.Equal(scalar, Run(Cholesky.GemmPath.Vector256));
        if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) Assert.Equal(scalar, Run(Cholesky.GemmPath.Vector512));
    }
}
