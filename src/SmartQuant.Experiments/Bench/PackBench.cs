using System.Diagnostics;
using SmartQuant.Quant.MicroScopiQ;
using SmartQuant.Quant.Sources;

namespace SmartQuant.Experiments.Bench;

/// <summary>Pack and unpack (with validation) of a quantized 4096×4096 bb = 2 tensor: ≥ 100 M weights/s each.</summary>
public sealed class PackBench : IBenchmark
{
    public string Name => "quant.pack";

    public BenchResult Run(TextWriter log)
    {
        const int n = 4096, k = 4096;
        var w = SyntheticLayer.Weights(n, k, 1);
        var q = MicroScopiQQuantizer.Quantize(w, n, k, new MicroScopiQOptions(2) { Gptq = false }).Tensor!;
        MicroScopiQPacker.Unpack(MicroScopiQPacker.Pack(q)); // warm-up
        const int reps = 3;
        var sw = Stopwatch.StartNew();
        PackedTensor p = null!;
        for (int i = 0; i < reps; i++) p = MicroScopiQPacker.Pack(q);
        double packRate = reps * (double)q.Count / sw.Elapsed.TotalSeconds;
        sw.Restart();
        for (int i = 0; i < reps; i++) MicroScopiQPacker.Unpack(p);
        double unpackRate = reps * (double)q.Count / sw.Elapsed.TotalSeconds;
        log.WriteLine($"{Name}: pack {packRate / 1e6:F0} M weights/s, unpack+validate {unpackRate / 1e6:F0} M weights/s");
        return new BenchResult(Name, $"pack {packRate / 1e6:F0} M/s, unpack {unpackRate / 1e6:F0} M/s", "≥ 100 M weights/s each", packRate >= 1e8 && unpackRate >= 1e8);
    }
}
