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
