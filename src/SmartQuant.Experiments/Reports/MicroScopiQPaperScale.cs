using System.Diagnostics;
using SmartQuant.Emit;
using SmartQuant.Eda;
using SmartQuant.Hdl.Ir;
using SmartQuant.Hw;
using SmartQuant.Hw.MicroScopiQ;
using SmartQuant.Sim;

namespace SmartQuant.Experiments.Reports;

/// <summary>
/// The paper's comparison point for area (64×64, one shared ReCoN) measured with the block-level flow
/// (<see cref="BlockSynth"/>: each distinct module synthesized once, times its instances), its blocks cached under
/// build/area-blocks/ so a re-run re-synthesizes only blocks whose Verilog changed.
/// </summary>
internal static class MicroScopiQPaperScale
{
    public static MicroScopiQConfig Config => MicroScopiQConfig.PaperAreaOptimal;

    /// <summary>Where block results are cached (the report's area sections share it); the cold-run benchmarks point it at an empty folder.</summary>
    public static string BlockCache { get; set; } = Path.Combine(RepoPaths.Root, "build", "area-blocks");

    /// <summary>Block-level synth of <paramref name="cfg"/> with one progress line per synthesized block.</summary>
    public static (IrDesign Ir, BlockSynth.Result Synth) Synthesize(MicroScopiQConfig cfg, TextWriter console)
    {
        var ir = DesignCatalog.Find("microscopiq").Elaborate(cfg);
        var files = VerilogEmitter.Emit(ir);
        var sw = Stopwatch.StartNew();
        int done = 0;
        var r = BlockSynth.Run(ir, files, BlockCache, parallel: 2, progress: (m, s, cached) =>
        {
            var n = Interlocked.Increment(ref done);
            if (!cached) lock (console) console.WriteLine($"    [{n}/{ir.Modules.Length}] {m}: {s:0} s");
        });
        console.WriteLine($"  {cfg.Rows}x{cfg.Cols} G={cfg.ReconUnits}: {r.Synthesized} blocks synthesized, {r.Cached} from {BlockCache} ({sw.Elapsed.TotalSeconds:0} s)");
        return (ir, r);
    }
}
