using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SmartQuant.Emit;
using SmartQuant.Eda;
using SmartQuant.Hw;
using SmartQuant.Hw.MacArray;
using SmartQuant.Hw.MicroScopiQ;
using SmartQuant.Models.Energy;
using SmartQuant.Sim;

namespace SmartQuant.Experiments.Reports.Accelerators;

/// <summary>yosys cells and flip-flops of the blocks the equal-area sizing multiplies (docs/energy-model.md, "Area").</summary>
/// <param name="Total">The whole MicroScopiQ accelerator at the budget configuration.</param>
/// <param name="MultiPrecisionPe">One multi-precision PE (MicroScopiQ, MX-INT-4).</param>
/// <param name="OutlierSupport">ReCoN, arbiter, merge/correction units and the correction chain of the budget design.</param>
/// <param name="MacPe">One INT8 mac-array PE.</param>
public sealed record MeasuredAreas(int Rows, int Cols, int ReconUnits, BlockArea Total, BlockArea MultiPrecisionPe,
    BlockArea OutlierSupport, BlockArea MacPe, double Seconds);

/// <summary>
/// Synthesizes the budget design (MicroScopiQ, block-level flow <see cref="BlockSynth"/>: each distinct module once,
/// multiplied by its instances through <see cref="AreaBreakdown"/>, blocks cached under build/area-blocks/ and shared
/// with `report microscopiq`) and the INT8 mac-array PE, and caches the figures under build/accelerators/ keyed by a
/// hash of the emitted Verilog, so a changed design is measured again (re-synthesizing only its changed blocks).
/// </summary>
internal static class AcceleratorAreas
{
    /// <summary>Classes that exist only for outliers: an MX-INT array without outlier support has none of them.</summary>
    public static readonly string[] OutlierClasses =
        [nameof(Recon), nameof(ReconStage), nameof(ReconSwitch), nameof(ReconArbiter), nameof(SharedReconPool),
         nameof(CorrectionUnit), nameof(CorrectionChain), nameof(CorrectionRam)];

    public static (MeasuredAreas Areas, bool Cached) Measure(MicroScopiQConfig budget, TextWriter console)
    {
        var ir = DesignCatalog.Find("microscopiq").Elaborate(budget);
        var files = VerilogEmitter.Emit(ir);
        var macIr = DesignCatalog.Find("mac-array").Elaborate(new MacArrayConfig(rows: 2, cols: 2));
        var macFiles = VerilogEmitter.Emit(macIr);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Concat(files.Concat(macFiles).Select(f => f.Name + "\n" + f.Content + "\n")))))[..16].ToLowerInvariant();
        var cache = Path.Combine(RepoPaths.Root, "build", "accelerators", $"area-{budget.Rows}x{budget.Cols}-g{budget.ReconUnits}-{hash}.json");
        if (File.Exists(cache))
            return (JsonSerializer.Deserialize<MeasuredAreas>(File.ReadAllText(cache))!, true);

        var sw = Stopwatch.StartNew();
        console.WriteLine($"  synthesizing MicroScopiQ {budget.Rows}x{budget.Cols} (G = {budget.ReconUnits}) block by block with yosys (cached afterwards in {Path.GetDirectoryName(cache)})…");
        var macDir = Directory.CreateTempSubdirectory("accel-area-mac-").FullName;
        try
        {
            OutputWriter.WriteAll(macDir, macFiles);
            var (synthIr, blocks) = MicroScopiQPaperScale.Synthesize(budget, console);
            var synth = blocks.Report;
            // Cells under the stated area model (AreaModel): the shared configuration's correction sums are a RAM macro,
            // which the block flow does not synthesize, so yosys' totals alone would leave it out.
            var model = AreaModel.Default;
            var byClass = AreaModel.ByClass(synthIr, synth);
            static BlockArea Of(IEnumerable<ClassCost> cs, AreaModel m) => new((long)Math.Round(cs.Sum(c => c.Cells(m))), cs.Sum(c => c.FlipFlops));
            var pe = byClass.Single(c => c.Class == nameof(MultiPrecisionPe));
            var outlier = Of(byClass.Where(c => OutlierClasses.Contains(c.Class)), model);
            var macPe = SynthGate.Run(macDir, "mac_pe", flatten: true).Total;
            var areas = new MeasuredAreas(budget.Rows, budget.Cols, budget.ReconUnits,
                Of(byClass, model),
                new BlockArea((pe.LogicCells + pe.FlipFlops) / pe.Instances, pe.FlipFlops / pe.Instances), outlier,
                new BlockArea(macPe.Cells, macPe.FlipFlops), sw.Elapsed.TotalSeconds);
            Directory.CreateDirectory(Path.GetDirectoryName(cache)!);
            OutputWriter.WriteAtomic(cache, JsonSerializer.Serialize(areas, new JsonSerializerOptions { WriteIndented = true }));
            console.WriteLine($"  synthesized in {sw.Elapsed.TotalSeconds:0} s: {areas.Total.Cells:N0} cells, PE {areas.MultiPrecisionPe.Cells} cells, INT8 PE {areas.MacPe.Cells} cells");
            return (areas, false);
        }
        finally { Directory.Delete(macDir, true); }
    }

    /// <summary>
    /// Every design's area as a function of its array size (<see cref="DesignArea"/>), from the measured blocks:
    /// MicroScopiQ = its PEs + the rest of the budget design; MX-INT-4 = the same without the outlier classes;
    /// OliVe-style = INT8 PEs + one pair decoder per two columns (estimated at <see cref="OliveDecoderShareOfPe"/> of
    /// an INT8 PE until the olive-array is synthesized) + the MX-INT-4 fixed part; INT8 = its PEs only (the
    /// mac-array has no other logic).
    /// </summary>
    public static IReadOnlyDictionary<string, DesignArea> DesignAreas(MeasuredAreas m)
    {
        long pes = (long)m.Rows * m.Cols;
        var msqFixed = m.Total - pes * m.MultiPrecisionPe;
        var plainFixed = msqFixed - m.OutlierSupport;
        var decoder = new BlockArea((long)Math.Round(m.MacPe.Cells * OliveDecoderShareOfPe), 0);
        return new Dictionary<string, DesignArea>
        {
            ["microscopiq"] = new("microscopiq", m.MultiPrecisionPe, default, msqFixed),
            ["mxint4"] = new("mxint4", m.MultiPrecisionPe, default, plainFixed),
            ["olive"] = new("olive", m.MacPe, new BlockArea(decoder.Cells / 2, 0), plainFixed),
            ["int8"] = new("int8", m.MacPe, default, default),
        };
    }

    /// <summary>Estimate of one OliVe pair decoder (identifier compare, 3-bit abfloat field to a 7-bit magnitude, two
    /// muxes): a tenth of an INT8 PE's cells. Replaced by the synthesized decoder when the olive-array lands.</summary>
    public const double OliveDecoderShareOfPe = 0.1;
}
