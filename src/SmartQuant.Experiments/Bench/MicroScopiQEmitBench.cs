using System.Diagnostics;
using SmartQuant.Emit;
using SmartQuant.Hw;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Experiments.Bench;

/// <summary>Elaborating and emitting the 64×64 MicroScopiQ accelerator (64 ReCoNs of 128 lanes) must take under 3 s.</summary>
public sealed class MicroScopiQEmitBench : IBenchmark
{
    public string Name => "microscopiq.emit-64x64";

    public BenchResult Run(TextWriter log)
    {
        var entry = DesignCatalog.Find("microscopiq");
        VerilogEmitter.Emit(entry.Elaborate(new MicroScopiQConfig(rows: 2, cols: 8))); // JIT warm-up
        var sw = Stopwatch.StartNew();
        var ir = entry.Elaborate(new MicroScopiQConfig(rows: 64, cols: 64));
        var elaborated = sw.Elapsed;
        var files = VerilogEmitter.Emit(ir);
        var total = sw.Elapsed;
        log.WriteLine($"{Name}: elaborate {elaborated.TotalSeconds:F2} s, emit {(total - elaborated).TotalSeconds:F2} s, {files.Sum(f => (long)f.Content.Length) / 1024} KiB of Verilog");
        return new BenchResult(Name, $"{total.TotalSeconds:F2} s (elaborate {elaborated.TotalSeconds:F2} s)", "< 3 s", total.TotalSeconds < 3.0);
    }
}
