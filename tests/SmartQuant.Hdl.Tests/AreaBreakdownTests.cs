using SmartQuant.Emit;
using SmartQuant.Eda;
using SmartQuant.Hw;
using SmartQuant.Hw.MacArray;

namespace SmartQuant.Hdl.Tests;

/// <summary>The per-class area of a hierarchical synth adds up to yosys' own total for the design.</summary>
public class AreaBreakdownTests
{
    [Fact]
    public void Per_class_cells_add_up_to_the_design_total()
    {
        var ir = DesignCatalog.Find("mac-array").Elaborate(new MacArrayConfig(rows: 3, cols: 2));
        using var dir = new TempDir();
        OutputWriter.WriteAll(dir.Path, VerilogEmitter.Emit(ir));
        var synth = SynthGate.Run(dir.Path, ir.Top.Name);
        var rows = AreaBreakdown.ByClass(ir, synth);

        Assert.Equal(synth.Total.Cells, rows.Sum(r => r.Cells));
        Assert.Equal(synth.Total.FlipFlops, rows.Sum(r => r.FlipFlops));
        Assert.Equal(6, rows.Single(r => r.Class == "MacPe").Instances);
        // The PEs carry the multipliers: the same PE synthesized alone and flattened, times six.
        var pe = SynthGate.Run(dir.Path, "mac_pe", flatten: true).Total;
        Assert.Equal(6 * pe.Cells, rows.Single(r => r.Class == "MacPe").Cells);
    }
}
