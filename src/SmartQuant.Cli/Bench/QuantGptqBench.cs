using System.Diagnostics;
using SmartQuant.Quant.MicroScopiQ;
using SmartQuant.Quant.Sources;

namespace SmartQuant.Cli.Bench;

/// <summary>MicroScopiQ bb = 2 with GPTQ on a synthetic 4096×4096 layer (256 calibration tokens): &lt; 60 s and &lt; 2 GiB.</summary>
public sealed class QuantGptqBench : IBenchmark
{
    public string Name => "quant.gptq-4096";

    public BenchResult Run(TextWriter log)
    {
        const int n = 4096, k = 4096, t = 256;
        var w = SyntheticLayer.Weights(n, k, 1);
        var x = SyntheticLayer.Activations(k, t, 2);
        GC.Collect();
        long alloc0 = GC.GetTotalAllocatedBytes(true);
        var sw = Stopwatch.StartNew();
        var r = MicroScopiQQuantizer.Quantize(w, n, k, new MicroScopiQOptions(2), x, t);
        double s = sw.Elapsed.TotalSeconds;
        double peakGiB = Process.GetCurrentProcess().PeakWorkingSet64 / (double)(1L << 30);
        double allocGiB = (GC.GetTotalAllocatedBytes(true) - alloc0) / (double)(1L << 30);
        log.WriteLine($"{Name}: {s:F1} s, peak working set {peakGiB:F2} GiB, allocated {allocGiB:F2} GiB, outliers {r.OutlierFraction * 100:F2}% ({r.Timings})");
        return new BenchResult(Name, $"{s:F1} s, {peakGiB:F2} GiB peak", "< 60 s and < 2 GiB", s < 60 && peakGiB < 2);
    }
}
