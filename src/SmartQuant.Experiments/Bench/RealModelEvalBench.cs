using System.Diagnostics;
using SmartQuant.RealModel;

namespace SmartQuant.Experiments.Bench;

/// <summary>
/// `smartquant eval` on the whole real model: 36 layers, bb = 2 and 4, every method (with GPTQ calibrated on real and on
/// synthetic activations), 1024 held-out passages end to end: &lt; 10 min on the 2-core machine.
/// </summary>
public sealed class RealModelEvalBench : IBenchmark
{
    public string Name => "realmodel.eval-full";

    public BenchResult Run(TextWriter log)
    {
        var sw = Stopwatch.StartNew();
        var r = new RealModelEval(new EvalOptions(), line => log.WriteLine($"  {line}")).Run();
        double s = sw.Elapsed.TotalSeconds;
        double peakGiB = Process.GetCurrentProcess().PeakWorkingSet64 / (double)(1L << 30);
        log.WriteLine($"{Name}: {s:F1} s for {r.QuantizedLayers} layers x {r.Methods.Count} method-widths, peak working set {peakGiB:F2} GiB");
        return new BenchResult(Name, $"{s:F1} s, {peakGiB:F2} GiB peak", "< 600 s", s < 600);
    }
}
