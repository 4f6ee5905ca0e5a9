using SmartQuant.Quant.Numerics;

namespace SmartQuant.Quant.MicroScopiQ;

/// <param name="Tensor">The packed-format content (null in ablation modes the format cannot hold).</param>
/// <param name="Dequantized">Ŵ[N×K], row-major.</param>
/// <param name="OutlierFraction">Outliers kept in MX-FP / all weights.</param>
public sealed record QuantizationResult(QuantizedTensor? Tensor, float[] Dequantized, double OutlierFraction);

/// <summary>
/// MicroScopiQ for W[N×K] (N output channels): columns (input features) are quantized in order by
/// <see cref="ColumnQuantizer"/>; with GPTQ each column's error (w − q)/U_ii is fed forward to the columns not yet
/// quantized, inside a 128-column block immediately and to the rest of the matrix lazily after the block.
/// </summary>
public static class MicroScopiQQuantizer
{
    /// <param name="w">W[N×K] row-major.</param>
    /// <param name="calibration">Calibration activations X[K×T] row-major (needed when <c>o.Gptq</c>).</param>
    public static QuantizationResult Quantize(ReadOnlySpan<float> w, int n, int k, MicroScopiQOptions o, ReadOnlySpan<float> calibration = default, int tokens = 0)
    {
        if (w.Length != (long)n * k) throw new ArgumentException($"weights hold {w.Length} values, expected {n}×{k}");
        o.Layout.Validate(n);
        var wt = new float[(long)k * n]; // column-major working copy: row c = column c of W
        for (int r = 0; r < n; r++) for (int c = 0; c < k; c++) wt[(long)c * n + r] = w[r * k + c];
        var target = o.ProducesPackedFormat ? new QuantizedTensor(n, k, o.Layout) : null;
        var qt = new float[(long)k * n];
        long kept = 0;
        if (!o.Gptq)
        {
            for (int c = 0; c < k; c++) kept += ColumnQuantizer.Quantize(wt.AsSpan(c * n, n), o, target, c, qt.AsSpan(c * n, n));
        }
        else
        {
            if (tokens <= 0) throw new ArgumentException("GPTQ needs calibration activations");
            var h = Hessian.FromActivations(calibration, k, tokens);
            var u = Hessian.InverseUpperCholesky(h, k, o.PercDamp, out var dead);
            h = null;
            for (int c = 0; c < k; c++) if (dead[c]) wt.AsSpan(c * n, n).Clear();
            kept = Gptq(wt, qt, u, n, k, o, target);
        }
        var dq = new float[(long)n * k];
        for (int c = 0; c < k; c++) for (int r = 0; r < n; r++) dq[r * k + c] = qt[(long)c * n + r];
        return new QuantizationResult(target, dq, (double)kept / ((long)n * k));
    }

    private static long Gptq(float[] wt, float[] qt, float[] u, int n, int k, MicroScopiQOptions o, QuantizedTensor? target)
    {
        long kept = 0;
        int bs = o.GptqBlock;
        for (int i1 = 0; i1 < k; i1 += bs)
        {
            int i2 = Math.Min(i1 + bs, k), cnt = i2 - i1;
            var err = new float[cnt * n];
            for (int i = i1; i < i2; i++)
            {
                var col = wt.AsSpan(i * n, n);
                var q = qt.AsSpan(i * n, n);
                kept += ColumnQuantizer.Quantize(col, o, target, i, q);
                float d = u[(long)i * k + i];
                var e = err.AsSpan((i - i1) * n, n);
                for (int r = 0; r < n; r++) e[r] = (col[r] - q[r]) / d;
                int ii = i;
                var eArr = err;
                int eOff = (i - i1) * n;
                Parallel.For(i + 1, i2, j => Kernels.SubtractScaled(wt.AsSpan(j * n, n), u[(long)ii * k + j], eArr.AsSpan(eOff, n)));
            }
            Parallel.For(i2, k, r =>
            {
                var row = wt.AsSpan(r * n, n);
                for (int j = 0; j < cnt; j++) Kernels.SubtractScaled(row, u[(long)(i1 + j) * k + r], err.AsSpan(j * n, n));
            });
        }
        return kept;
    }
}
