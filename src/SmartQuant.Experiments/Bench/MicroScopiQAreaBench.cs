using System.Collections.Concurrent;
using System.Diagnostics;
using SmartQuant.Emit;
using SmartQuant.Experiments.Reports;
using SmartQuant.Eda;
using SmartQuant.Hw;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Experiments.Bench;

/// <summary>
/// The paper-scale area (MicroScopiQ 64×64, one shared ReCoN) through the block-level flow with an empty block cache,
/// two yosys processes at a time: issue 17 asks for under 10 min on the 2-core machine (a whole-design hierarchical
/// yosys run took ~45 min under load).
/// </summary>
public sealed class MicroScopiQAreaBench : IBenchmark
{
    public string Name => "microscopiq.area-64x64";

    public BenchResult Run(TextWriter log)
    {
        var sw = Stopwatch.StartNew();
        var ir = DesignCatalog.Find("microscopiq").Elaborate(MicroScopiQPaperScale.Config);
        var files = VerilogEmitter.Emit(ir);
        var cache = Directory.CreateTempSubdirectory("smartquant-area-bench-").FullName; // cold: nothing cached
        try
        {
            var times = new ConcurrentBag<(string Block, double Seconds)>();
            var r = BlockSynth.Run(ir, files, cache, parallel: 2, progress: (m, s, _) => times.Add((m, s)));
            var slowest = string.Join(", ", times.OrderByDescending(t => t.Seconds).Take(4).Select(t => $"{t.Block} {t.Seconds:0} s"));
            log.WriteLine($"{Name}: {r.Synthesized} blocks, {r.Report.Total.Cells:N0} cells; slowest: {slowest}");
            var total = sw.Elapsed.TotalSeconds;
            return new BenchResult(Name, $"{total:0} s cold ({r.Synthesized} blocks, 2 yosys at a time)", "< 600 s", total < 600);
        }
        finally { Directory.Delete(cache, true); }
    }
}
