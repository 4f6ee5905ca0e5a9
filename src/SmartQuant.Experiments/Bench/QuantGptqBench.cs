using System.Diagnostics;
using SmartQuant.Quant.MicroScopiQ;
using SmartQuant.Quant.Numerics;
using SmartQuant.Quant.Sources;

namespace SmartQuant.Experiments.Bench;

/// <summary>
/// MicroScopiQ bb = 2 with GPTQ on a synthetic 4096×4096 layer calibrated on 65 536 tokens streamed in batches of 2048
/// (streamed Hessian, factor, column sweep): &lt; 60 s and &lt; 2 GiB peak resident. Generating the tokens stands in for
/// the model run and is reported apart, not counted.
/// </summary>
public sealed class QuantGptqBench : IBenchmark
{
    public string Name => "quant.gptq-4096";

    /// <summary>CPU time of the calling thread (Linux: /proc/thread-self/stat utime + stime; zero elsewhere).</summary>
    private static TimeSpan CurrentThreadCpu()
    {
        if (!File.Exists("/proc/thread-self/stat")) return TimeSpan.Zero;
        var f = File.ReadAllText("/proc/thread-self/stat");
        var parts = f[(f.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(parts[11]) + long.Parse(parts[12]); // fields 14 and 15 (utime, stime), clock ticks of 1/100 s
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    public BenchResult Run(TextWriter log)
    {
        const int n = 4096, k = 4096, b = 2048, t = 65_536;
        bool reset = PeakResidentMemory.Reset();
        var proc = Process.GetCurrentProcess();
        var w = SyntheticLayer.Weights(n, k, 1);
        var src = new HessianTokenSource(k, 2);
        var batch = new float[b * k];
        var acc = new HessianAccumulator(k);
        var gen = new Stopwatch();
        var genCpu = TimeSpan.Zero;
        var cpu0 = proc.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < t / b; i++)
        {
            // Token generation is single-threaded on this thread: its CPU time is this thread's time while it runs.
            var g0 = CurrentThreadCpu();
            gen.Start(); src.Fill(i, batch); gen.Stop();
            genCpu += CurrentThreadCpu() - g0;
            acc.AddTokens(batch);
        }
        var input = CalibrationInput.FromAccumulator(acc);
        double hessian = sw.Elapsed.TotalSeconds - gen.Elapsed.TotalSeconds;
        proc.Refresh();
        var cpu1 = proc.TotalProcessorTime;
        var r = MicroScopiQQuantizer.Quantize(w, n, k, new MicroScopiQOptions(2), input);
        double s = sw.Elapsed.TotalSeconds - gen.Elapsed.TotalSeconds;
        proc.Refresh();
        double cpuHessian = (cpu1 - cpu0 - genCpu).TotalSeconds, cpuQuant = (proc.TotalProcessorTime - cpu1).TotalSeconds;
        double cpu = cpuHessian + cpuQuant;
        var phases = r.Timings! with { Hessian = hessian, Total = s };
        double peakGiB = PeakResidentMemory.Bytes() / (double)(1L << 30);
        log.WriteLine($"{Name}: {t} tokens: {s:F1} s ({phases}; token generation {gen.Elapsed.TotalSeconds:F1} s not counted; process CPU without token generation {cpu:F1} s over {Environment.ProcessorCount} cores: Hessian {cpuHessian:F1} s, factor + GPTQ columns {cpuQuant:F1} s), peak resident {peakGiB:F2} GiB{(reset ? "" : " (process lifetime)")}, outliers {r.OutlierFraction * 100:F2}%");
        return new BenchResult(Name, $"{s:F1} s ({cpu:F0} CPU-s), {peakGiB:F2} GiB peak", "< 60 s and < 2 GiB", s < 60 && peakGiB < 2);
    }
}
