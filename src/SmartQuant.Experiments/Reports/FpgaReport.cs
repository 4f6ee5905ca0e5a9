using System.Globalization;
using System.Text;
using SmartQuant.Emit;
using SmartQuant.Eda;
using SmartQuant.Hdl;
using SmartQuant.Hw;
using SmartQuant.Hw.Common;
using SmartQuant.Hw.MacArray;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Experiments.Reports;

/// <summary>
/// FPGA resources of the designs and blocks that fit a small part, on each yosys FPGA flow (LUT / FF / carry / DSP /
/// block RAM / LUT RAM), and iCE40 UP5K place and route (Fmax, logic cells, block RAMs, DSPs, IOs) in the I/O shell.
/// The smallest MicroScopiQ array (1×4) does not fit the UP5K (docs/fpga.md), so whole arrays are not in this report.
/// </summary>
public sealed class FpgaReport : IReport
{
    public string Name => "fpga";
    public string Title => "FPGA flows: resources per target and iCE40 Fmax";

    /// <summary>A design, or one module definition of it, with the command-line arguments that reproduce it.</summary>
    /// <param name="FmaxBeforeMHz">Fmax recorded before the issue-17 pipelining (hardware classes of 236d89e, docs/fpga.md),
    /// printed beside this run's figure; null where the block did not change.</param>
    /// <param name="BeforeNote">Printed instead of "(unchanged)" when there is no comparable recorded figure.</param>
    private sealed record Block(string Label, string Design, DesignConfig Config, string? Module, string Args, string? ConfigJson = null,
        string Part = "up5k", double? FmaxBeforeMHz = null, string? BeforeNote = null);

    private static IReadOnlyList<Block> Blocks(bool quick)
    {
        var msqDefault = new MicroScopiQConfig();
        List<Block> blocks =
        [
            new("fifo 16×32", "fifo", new FifoConfig(), null, "--design fifo"),
            new("fifo 512×32", "fifo", new FifoConfig(depth: 512, width: 32), null, "--design fifo", """{"Depth": 512}"""),
            new("mac-array 2×2", "mac-array", new MacArrayConfig(rows: 2, cols: 2), null, "--design mac-array", """{"Rows": 2, "Cols": 2}"""),
            new("MicroScopiQ PE", "microscopiq", msqDefault, "multi_precision_pe", "--design microscopiq --module multi_precision_pe", FmaxBeforeMHz: 37.33),
        ];
        if (quick) return blocks;
        blocks.AddRange(
        [
            new("ReCoN stage 0 (4×8, all 16 switches)", "microscopiq", msqDefault, "recon_stage_s0_m_r_t4_n16", "--design microscopiq --module recon_stage_s0_m_r_t4_n16",
                BeforeNote: "(new block; one switch of it was 30.76)"),
            new("MicroScopiQ correction unit", "microscopiq", msqDefault, "correction_unit", "--design microscopiq --module correction_unit", FmaxBeforeMHz: 27.35),
        ]);
        return blocks;
    }

    public ReportSection Run(ReportContext context)
    {
        var blocks = Blocks(context.Quick);
        var md = new StringBuilder();
        md.AppendLine("Hierarchical yosys FPGA synthesis (`smartquant synth --target T`); whole-design totals. Each block is emitted by the kit " +
            "as is: no FPGA-specific changes. iCE40 synthesis uses the UP5K's DSPs (`synth_ice40 -dsp`). How cells map to columns and " +
            "what is and is not inferred as block RAM: docs/fpga.md.").AppendLine();
        md.AppendLine("| block | target | LUTs | FFs | carry | DSPs | block RAMs | LUT RAMs |").AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        var pnr = new List<(Block Block, Ice40PnrGate.Report? Report, string? Error)>();
        foreach (var b in blocks)
        {
            var ir = DesignCatalog.Find(b.Design).Elaborate(b.Config);
            var top = b.Module ?? ir.Top.Name;
            using var dir = new ScratchDirectory("fpga-report");
            OutputWriter.WriteAll(dir.Path, VerilogEmitter.Emit(ir));
            foreach (var target in FpgaTarget.All)
            {
                context.Console.WriteLine($"  synth {target.Name}: {b.Label}");
                var t = FpgaSynthGate.Run(dir.Path, top, target).Total;
                md.AppendLine($"| {b.Label} | {target.Name} | {t.Luts} | {t.FlipFlops} | {t.Carries} | {t.Dsps} | {t.BlockRams} | {t.LutRams} |");
            }
            var part = Ice40Part.Find(b.Part);
            context.Console.WriteLine($"  pnr ice40 {part.Name}: {b.Label}");
            try
            {
                var r = Ice40PnrGate.Run(dir.Path, ir.Module(top), part, freqMHz: 12);
                context.Console.WriteLine($"    Fmax {F(r.FmaxMHz)} MHz, {r.LogicCells.Used}/{r.LogicCells.Available} LCs");
                pnr.Add((b, r, null));
            }
            catch (HdlException e) when (e.Message.Contains("does not fit", StringComparison.Ordinal))
            {
                context.Console.WriteLine($"    {e.Message}");
                pnr.Add((b, null, e.Message));
            }
        }

        md.AppendLine().AppendLine("iCE40 place and route, `smartquant pnr --target ice40 ARGS --part PART` (nextpnr-ice40, seed 1, clock constrained " +
            "to 12 MHz). Every block sits in the I/O shell: its inputs come from a shift register and its outputs go to one, so Fmax is " +
            "register to register through the block and the shell adds its own flip-flops to the LC count. \"Fmax before\" is the figure " +
            "recorded before the pipelining of issue 17 (hardware classes of 236d89e: the PE negated its product, the correction unit was " +
            "one combinational block; docs/fpga.md), not measured in this run.").AppendLine();
        md.AppendLine("| block | ARGS | --config file | PART | Fmax (MHz) | Fmax before (MHz, recorded) | LCs | block RAMs | DSPs | IOs |")
            .AppendLine("|---|---|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (b, r, error) in pnr)
        {
            var config = b.ConfigJson is null ? "" : $"`{b.ConfigJson}`";
            var before = b.FmaxBeforeMHz is { } mhz ? F(mhz) : b.BeforeNote ?? "(unchanged)";
            md.AppendLine(r is null
                ? $"| {b.Label} | `{b.Args}` | {config} | {b.Part} | {error} | {before} | | | | |"
                : $"| {b.Label} | `{b.Args}` | {config} | {b.Part} | {F(r.FmaxMHz)} | {before} | {U(r.LogicCells)} | {U(r.BlockRams)} | {U(r.Dsps)} | {U(r.Ios)} |");
        }
        return new ReportSection(md.ToString(), []);
    }

    private static string F(double mhz) => mhz.ToString("F2", CultureInfo.InvariantCulture);
    private static string U(PnrUse u) => $"{u.Used} / {u.Available}";
}
