using System.Diagnostics;
using SmartQuant.Emit;
using SmartQuant.Hw;
using SmartQuant.Hw.MacArray;

namespace SmartQuant.Experiments.Bench;

/// <summary>Elaborating and emitting a 64×64 mac-array (4096 PE instances) must take under 2 s (issue 2).</summary>
public sealed class KitEmitBench : IBenchmark
{
    public string Name => "kit.mac-array-64x64";

    public BenchResult Run(TextWriter log)
    {
        var entry = DesignCatalog.Find("mac-array");
        var config = new MacArrayConfig(rows: 64, cols: 64);
        // One warm-up at a small size so JIT time is not billed to the measurement (a user's second run is warm too).
        VerilogEmitter.Emit(entry.Elaborate(new MacArrayConfig(rows: 2, cols: 2)));
        var sw = Stopwatch.StartNew();
        var ir = entry.Elaborate(config);
        var elaborated = sw.Elapsed;
        var files = VerilogEmitter.Emit(ir);
        var total = sw.Elapsed;
        var bytes = files.Sum(f => (long)f.Content.Length);
        log.WriteLine($"{Name}: elaborate {elaborated.TotalSeconds:F2} s, emit {(total - elaborated).TotalSeconds:F2} s, {bytes / 1024} KiB of Verilog");
        return new BenchResult(Name, $"{total.TotalSeconds:F2} s (elaborate {elaborated.TotalSeconds:F2} s)", "< 2 s", total.TotalSeconds < 2.0);
    }
}
