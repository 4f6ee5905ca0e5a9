using SmartQuant.Emit;
using SmartQuant.Eda;
using SmartQuant.Hdl.Ir;
using SmartQuant.Hw;
using SmartQuant.Hw.Common;
using SmartQuant.Hw.MacArray;

namespace SmartQuant.Hdl.Tests;

/// <summary>
/// The FPGA flows on small designs with the real tools: synth_ice40 / synth_ecp5 / synth_xilinx column totals against
/// yosys' own hierarchy stat, block-RAM inference of the FIFO, the I/O shell's lint, and place and route on iCE40.
/// </summary>
public class FpgaFlowTests
{
    private static (IrDesign Ir, TempDir Dir) Emit(string design, DesignConfig config)
    {
        var ir = DesignCatalog.Find(design).Elaborate(config);
        var dir = new TempDir();
        OutputWriter.WriteAll(dir.Path, VerilogEmitter.Emit(ir));
        return (ir, dir);
    }

    /// <summary>How many times each definition occurs in the design (the top once).</summary>
    private static Dictionary<string, long> InstanceCounts(IrDesign design)
    {
        var counts = new Dictionary<string, long>();
        void Visit(IrModule m, long times)
        {
            counts[m.Name] = counts.GetValueOrDefault(m.Name) + times;
            foreach (var i in m.Instances) Visit(design.Module(i.ModuleName), times);
        }
        Visit(design.Top, 1);
        return counts;
    }

    [Theory]
    [InlineData("ice40")]
    [InlineData("ecp5")]
    [InlineData("xilinx")]
    public void Per_module_columns_times_instances_add_up_to_yosys_hierarchy_totals(string targetName)
    {
        var (ir, dir) = Emit("mac-array", new MacArrayConfig(rows: 2, cols: 2));
        using var _ = dir;
        var report = FpgaSynthGate.Run(dir.Path, ir.Top.Name, FpgaTarget.Find(targetName));
        var counts = InstanceCounts(ir);
        Assert.Equal(counts.Keys.Order(), report.Modules.Select(m => m.Module).Order());
        foreach (var column in Enum.GetValues<FpgaColumn>())
            Assert.Equal(report.Total[column], report.Modules.Sum(m => counts[m.Module] * m[column]));
        // Each PE's multiplier is a hard DSP on all three targets (SB_MAC16, MULT18X18D, DSP48E1), and the PEs' registers
        // are fabric flip-flops or absorbed into the DSP, never LUT logic only.
        Assert.Equal(4, report.Total.Dsps);
        Assert.True(report.Total.FlipFlops > 0 && report.Total.Luts > 0, $"{targetName}: {report.Total}");
    }

    [Theory]
    [InlineData("ice40")]
    [InlineData("ecp5")]
    [InlineData("xilinx")]
    public void A_512_deep_fifo_is_block_ram_not_flip_flops(string targetName)
    {
        var (ir, dir) = Emit("fifo", new FifoConfig(depth: 512, width: 32));
        using var _ = dir;
        var total = FpgaSynthGate.Run(dir.Path, ir.Top.Name, FpgaTarget.Find(targetName)).Total;
        Assert.True(total.BlockRams >= 1, $"{targetName}: {total}");
        // 16 Kib of storage in flip-flops would be 16384; what is left is pointers and the read-during-write bypass.
        Assert.True(total.FlipFlops < 100, $"{targetName}: {total}");
        Assert.Equal(0, total.LutRams);
    }

    [Fact]
    public void The_io_shell_is_lint_clean_around_a_top_and_a_submodule()
    {
        var (ir, dir) = Emit("mac-array", new MacArrayConfig(rows: 2, cols: 2));
        using var _ = dir;
        foreach (var module in new[] { ir.Top, ir.Module("mac_pe") })
        {
            File.WriteAllText(Path.Combine(dir.Path, "fpga_shell.v"), FpgaIoShell.Emit(module));
            File.WriteAllLines(Path.Combine(dir.Path, "files.f"), [.. ir.Modules.Select(m => m.Name + ".v"), "fpga_shell.v"]);
            foreach (var gate in LintGate.Run(dir.Path, FpgaIoShell.ModuleName))
                Assert.True(gate.Passed, $"{gate.Gate} on the shell around {module.Name}:\n{gate.Output}");
        }
    }

    /// <summary>A combinational block: the shell has no reset pin to leave dangling.</summary>
    private sealed class XorBlock : Module
    {
        public readonly Signal A, B, Y;

        public XorBlock()
        {
            A = In(8);
            B = In(8);
            Y = Out(8);
            Y.Assign(A ^ B);
        }
    }

    [Fact]
    public void The_io_shell_around_a_combinational_block_is_lint_clean_and_has_no_reset_pin()
    {
        var ir = Elaborator.Elaborate(new XorBlock());
        using var dir = new TempDir();
        OutputWriter.WriteAll(dir.Path, VerilogEmitter.Emit(ir));
        var shell = FpgaIoShell.Emit(ir.Top);
        Assert.DoesNotContain("rst", shell);
        File.WriteAllText(Path.Combine(dir.Path, "fpga_shell.v"), shell);
        File.AppendAllLines(Path.Combine(dir.Path, "files.f"), ["fpga_shell.v"]);
        foreach (var gate in LintGate.Run(dir.Path, FpgaIoShell.ModuleName))
            Assert.True(gate.Passed, $"{gate.Gate} on the shell around {ir.Top.Name}:\n{gate.Output}");
    }

    [Fact]
    public void Fifo_places_and_routes_on_up5k_with_a_positive_fmax_within_the_part()
    {
        var (ir, dir) = Emit("fifo", new FifoConfig());
        using var _ = dir;
        var r = Ice40PnrGate.Run(dir.Path, ir.Top, Ice40Part.Up5k, freqMHz: 12);
        Assert.InRange(r.FmaxMHz, 1, 1000);
        Assert.Equal(12, r.ConstraintMHz);
        Assert.InRange(r.LogicCells.Used, 50, r.LogicCells.Available);
        Assert.Equal(5280, r.LogicCells.Available);
        Assert.Equal(2, r.BlockRams.Used); // 16×32 as two 256×16 SB_RAM40_4K
        Assert.Equal(5, r.Ios.Used); // clk, reset, serial in, load, serial out
    }
}
