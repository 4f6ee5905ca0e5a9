using System.Diagnostics;
using SmartQuant.Quant.Numerics;

namespace SmartQuant.Quant.MicroScopiQ;

/// <param name="Tensor">The packed-format content (null in ablation modes the format cannot hold).</param>
/// <param name="Dequantized">Ŵ[N×K], row-major.</param>
/// <param name="OutlierFraction">Outliers kept in MX-FP / all weights.</param>
public sealed record QuantizationResult(QuantizedTensor? Tensor, float[] Dequantized, double OutlierFraction)
{
    /// <summary>Wall-clock seconds of the phases (GPTQ only; null without GPTQ).</summary>
    public QuantizationTimings? Timings { get; init; }
}

/// <summary>Seconds spent in the phases of a GPTQ quantization (0 for a Hessian or factor this call reused from a shared input).</summary>
public sealed record QuantizationTimings(double Hessian, double Factor, double Gptq, double Total)
{
    public override string ToString() => $"Hessian {Hessian:F2} s, Cholesky + inverse {Factor:F2} s, GPTQ columns {Gptq:F2} s, total {Total:F2} s";
}

/// <summary>
/// MicroScopiQ for W[N×K] (N output channels): columns (input features) are quantized one at a time by
/// <see cref="ColumnQuantizer"/>; with GPTQ each column's error (w − q)/U_ii is fed forward to the columns not yet
/// quantized, inside a 128-column block immediately and to the rest of the matrix lazily after the block (a
/// rank-128 update done as a register-blocked matrix multiply). With <see cref="MicroScopiQOptions.ActOrder"/> the
/// columns are visited in decreasing diag(H); every column is still quantized and stored at its own index.
/// <para>
/// GPTQ never mixes output channels, and every MicroScopiQ block lies inside one column's macro-block, so the output
/// channels are split into macro-block-aligned chunks that run in parallel. Each element is computed by exactly one
/// thread with the same operation sequence (fused multiply-adds in a fixed order) whatever the chunking, so the
/// result is bit-identical for any degree of parallelism.
/// </para>
/// </summary>
public static class MicroScopiQQuantizer
{
    /// <param name="w">W[N×K] row-major.</param>
    /// <param name="calibration">Calibration activations X[K×T] row-major (needed when <c>o.Gptq</c>). The Hessian is built
    /// for this call alone; layers that read the same input should share a <see cref="CalibrationInput"/> instead.</param>
    public static QuantizationResult Quantize(ReadOnlySpan<float> w, int n, int k, MicroScopiQOptions o, ReadOnlySpan<float> calibration = default, int tokens = 0)
    {
        if (!o.Gptq) return Quantize(w, n, k, o, (CalibrationInput?)null);
        if (tokens <= 0) throw new ArgumentException("GPTQ needs calibration activations");
        if (calibration.Length != (long)k * tokens) throw new ArgumentException($"activations hold {calibration.Length} values, expected {k}×{tokens}");
        var input = CalibrationInput.FromActivations(calibration, k, tokens, o.MaxDegreeOfParallelism);
        var r = Quantize(w, n, k, o, input);
        return r with { Timings = r.Timings! with { Hessian = input.HessianSeconds, Total = r.Timings.Total + input.HessianSeconds } };
    }

    /// <param name="w">W[N×K] row-major.</param>
    /// <param name="calibration">The layer input's Hessian and cached GPTQ factor (needed when <c>o.Gptq</c>); shared by every
    /// layer that reads the same input, with results identical to separate computation.</param>
    public static QuantizationResult Quantize(ReadOnlySpan<float> w, int n, int k, MicroScopiQOptions o, CalibrationInput? calibration)
    {
        if (w.Length != (long)n * k) throw new ArgumentException($"weights hold {w.Length} values, expected {n}×{k}");
        o.Layout.Validate(n);
        var target = o.ProducesPackedFormat ? new QuantizedTensor(n, k, o.Layout) : null;
        var dq = new float[(long)n * k];
        var total = Stopwatch.StartNew();
        double tF = 0;
        float[]? u = null;
        var order = new int[k];
        for (int c = 0; c < k; c++) order[c] = c;
        bool[]? dead = null;
        if (o.Gptq)
        {
            if (calibration is null) throw new ArgumentException("GPTQ needs calibration activations");
            if (calibration.Features != k) throw new ArgumentException($"the calibration input has {calibration.Features} features, the weights {k} input columns");
            var f = calibration.Factor(o.ActOrder, o.PercDamp, o.MaxDegreeOfParallelism, out bool computed);
            (order, u, dead) = (f.Order, f.U, f.Dead);
            tF = computed ? f.Seconds : 0;
        }
        var gsw = Stopwatch.StartNew();
        // Macro-block-aligned chunks of output channels; more chunks than cores for load balance.
        int mab = o.MacroBlock, cores = o.MaxDegreeOfParallelism > 0 ? o.MaxDegreeOfParallelism : Environment.ProcessorCount;
        int chunkBlocks = Math.Max(1, n / mab / Math.Max(1, cores * 4));
        int rowsPerChunk = chunkBlocks * mab, chunks = (n + rowsPerChunk - 1) / rowsPerChunk;
        var kept = new long[chunks];
        var arr = w.ToArray();
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = o.MaxDegreeOfParallelism }, ch =>
        {
            int r0 = ch * rowsPerChunk, rows = Math.Min(rowsPerChunk, n - r0);
            kept[ch] = QuantizeChunk(arr, dq, n, k, r0, rows, o, u, order, dead, target);
        });
        double tG = gsw.Elapsed.TotalSeconds;
        return new QuantizationResult(target, dq, (double)kept.Sum() / ((long)n * k))
        {
            Timings = o.Gptq ? new QuantizationTimings(0, tF, tG, total.Elapsed.TotalSeconds) : null,
        };
    }

    /// <summary>GPTQ (or plain column quantization when <paramref name="u"/> is null) of output channels r0 … r0 + rows − 1.</summary>
    private static long QuantizeChunk(float[] w, float[] dq, int n, int k, int r0, int rows, MicroScopiQOptions o, float[]? u, int[] order, bool[]? dead, QuantizedTensor? target)
    {
        // Working copy in processing order: row p of wc = column order[p] of W restricted to this chunk.
        var wc = new float[(long)k * rows];
        for (int r = 0; r < rows; r++)
        {
            long src = (long)(r0 + r) * k;
            for (int p = 0; p < k; p++) wc[(long)p * rows + r] = w[src + order[p]];
        }
        if (dead is not null) for (int p = 0; p < k; p++) if (dead[p]) wc.AsSpan((int)((long)p * rows), rows).Clear();
        var q = new float[rows];
        long kept = 0;
        if (u is null)
        {
            for (int p = 0; p < k; p++)
            {
                kept += ColumnQuantizer.Quantize(wc.AsSpan(p * rows, rows), o, target, order[p], q, r0);
                Scatter(q, dq, r0, k, order[p]);
            }
            return kept;
        }
        int bs = o.GptqBlock;
        var err = new float[(long)Math.Min(bs, k) * rows];
        for (int i1 = 0; i1 < k; i1 += bs)
        {
            int i2 = Math.Min(i1 + bs, k), cnt = i2 - i1;
            for (int i = i1; i < i2; i++)
            {
                var col = wc.AsSpan(i * rows, rows);
                kept += ColumnQuantizer.Quantize(col, o, target, order[i], q, r0);
                Scatter(q, dq, r0, k, order[i]);
                float d = u[(long)i * k + i];
                var e = err.AsSpan((i - i1) * rows, rows);
                for (int r = 0; r < rows; r++) e[r] = (col[r] - q[r]) / d;
                long ui = (long)i * k;
                for (int j = i + 1; j < i2; j++) Kernels.SubtractScaledFused(wc.AsSpan(j * rows, rows), u[ui + j], e);
            }
            if (i2 < k) Kernels.SubtractTransposedProduct(wc, rows, err, cnt, u, k, i1, i2);
        }
        return kept;
    }

    private static void Scatter(float[] q, float[] dq, int r0, int k, int c)
    {
        for (int r = 0; r < q.Length; r++) dq[(long)(r0 + r) * k + c] = q[r];
    }
}
