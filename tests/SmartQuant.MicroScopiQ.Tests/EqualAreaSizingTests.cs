using SmartQuant.Models.Energy;

namespace SmartQuant.MicroScopiQ.Tests;

/// <summary>The equal-area sizing arithmetic (docs/energy-model.md, "Equal area") on made-up block areas.</summary>
public class EqualAreaSizingTests
{
    [Fact]
    public void Block_area_weights_logic_cells_and_flip_flops()
    {
        var a = new BlockArea(Cells: 110, FlipFlops: 10);
        Assert.Equal(100 * BlockArea.LogicCellUm2 + 10 * BlockArea.FlipFlopUm2, a.SquareMicrons, 9);
        var area = new DesignArea("x", Pe: new(10, 2), PerColumn: new(3, 1), Fixed: new(50, 5));
        Assert.Equal(new BlockArea(24 * 10 + 4 * 3 + 50, 24 * 2 + 4 * 1 + 5), area.At(6, 4));
    }

    [Fact]
    public void Every_design_gets_the_largest_array_that_fits_and_one_more_row_does_not()
    {
        var pe = new BlockArea(100, 0);                      // 79.8 µm² per PE, nothing else
        var area = new DesignArea("int8", pe, default, default);
        double budget = 64 * 64 * pe.SquareMicrons * 0.5;    // half of a 64×64 array of these PEs
        var s = EqualAreaSizing.Size(new MacArrayDesign(1, 1), area, budget);
        Assert.True(s.SquareMicrons <= budget);
        Assert.Equal(2048, s.Design.Rows * s.Design.Cols);   // 2048 PEs fit exactly; 32×64 and 64×32 tie, fewer columns win
        Assert.Equal((32, 64), (s.Design.Cols, s.Design.Rows));
        Assert.True(area.SquareMicrons(s.Design.Rows + 1, s.Design.Cols) > budget);
    }

    [Fact]
    public void Power_of_two_columns_and_fixed_costs_are_respected()
    {
        var area = new DesignArea("mxint4", Pe: new(100, 10), PerColumn: default, Fixed: new(5000, 500));
        double budget = area.SquareMicrons(64, 64);
        var s = EqualAreaSizing.Size(new MxIntDesign(1, 4), area, budget);
        Assert.Equal((64, 64), (s.Design.Rows, s.Design.Cols));
        // Without the fixed part the same budget holds 50 more PEs: 32 columns would take 129 rows (4128 PEs) but the
        // aspect limit stops them at 64, so 64 × 64 stays (power-of-two columns only).
        var lean = EqualAreaSizing.Size(new MxIntDesign(1, 4), area with { Fixed = default }, budget);
        Assert.Equal((64, 64), (lean.Design.Rows, lean.Design.Cols));
        Assert.Equal(64, EqualAreaSizing.MaxRows(lean.Design, lean.Area, 32, budget));
        Assert.Equal(64, EqualAreaSizing.MaxRows(lean.Design, lean.Area, 64, budget));
        Assert.Equal(0, EqualAreaSizing.MaxRows(new MxIntDesign(1, 4), area, 6, budget));   // 6 columns: not a power of two
    }

    [Fact]
    public void Per_column_blocks_scale_with_the_columns()
    {
        var area = new DesignArea("olive", Pe: new(100, 0), PerColumn: new(20, 0), Fixed: default);
        Assert.Equal(new BlockArea(16 * 100 + 4 * 20, 0), area.At(4, 4));
    }
}
