using System.Diagnostics;
using SmartQuant.Quant.Numerics;

namespace SmartQuant.Experiments.Bench;

/// <summary>
/// A LLaMA-7B FFN-down input (K = 11008) over 262 144 calibration tokens (128 × 2048), generated batch by batch and
/// never stored: K·T = 2.9·10⁹ values, past 2³¹. Target: peak resident memory within H (8·K² bytes) + 512 MiB.
/// </summary>
public sealed class HessianStreamBench : IBenchmark
{
    public string Name => "quant.hessian-11008";

    public BenchResult Run(TextWriter log)
    {
        const int k = 11008, b = 2048;
        const long t = 262_144;
        bool reset = PeakResidentMemory.Reset();
        var src = new HessianTokenSource(k, 5);
        var batch = new float[b * k];
        var acc = new HessianAccumulator(k);
        double gen = 0;
        var total = Stopwatch.StartNew();
        var g = new Stopwatch();
        long batches = t / b;
        for (long i = 0; i < batches; i++)
        {
            g.Start(); src.Fill(i, batch); g.Stop();
            acc.AddTokens(batch);
            if ((i + 1) % 2 == 0)
                log.WriteLine($"{Name}: {(i + 1) * b} of {t} tokens, {total.Elapsed.TotalSeconds:F0} s, peak resident so far {PeakResidentMemory.Bytes() / (double)(1L << 30):F2} GiB");
        }
        var h = acc.ToHessian();
        double s = total.Elapsed.TotalSeconds;
        gen = g.Elapsed.TotalSeconds;
        double gflops = (double)k * (k + 1) / 2 * t * 2 / (s - gen) / 1e9;
        double peakGiB = PeakResidentMemory.Bytes() / (double)(1L << 30);
        double limitGiB = (8.0 * k * k + (512L << 20)) / (1L << 30);
        if (!double.IsFinite(h[0]) || h[0] <= 0) throw new InvalidOperationException("Hessian diagonal is not positive");
        log.WriteLine($"{Name}: K={k}, T={t} (K·T = {(double)k * t:E2}): {s:F0} s ({gen:F0} s generating tokens), {gflops:F1} GFLOP/s, peak resident {peakGiB:F2} GiB{(reset ? "" : " (process lifetime)")}, limit {limitGiB:F2} GiB");
        return new BenchResult(Name, $"{s:F0} s, {peakGiB:F2} GiB peak", $"≤ {limitGiB:F2} GiB (H + 512 MiB)", peakGiB <= limitGiB);
    }
}
