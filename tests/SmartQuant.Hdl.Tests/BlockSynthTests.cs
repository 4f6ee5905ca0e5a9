using SmartQuant.Emit;
using SmartQuant.Eda;
using SmartQuant.Hdl.Ir;
using SmartQuant.Hw;
using SmartQuant.Hw.MacArray;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Hdl.Tests;

/// <summary>
/// The block-level area flow (each distinct module synthesized alone, times its instances) against whole-design yosys
/// runs: a hierarchical synth must agree cell for cell (neither crosses a module boundary), a flattened one can only
/// be smaller (constants and unread outputs cross boundaries there).
/// </summary>
public class BlockSynthTests
{
    [Fact]
    public void Blocks_alone_give_the_hierarchical_synth_cell_for_cell_and_the_cache_returns_the_same()
    {
        var ir = DesignCatalog.Find("mac-array").Elaborate(new MacArrayConfig(rows: 3, cols: 2));
        var (blocks, whole, dir) = BothWays(ir);
        using (dir)
        {
            var again = BlockSynth.Run(ir, VerilogEmitter.Emit(ir), System.IO.Path.Combine(dir.Path, "cache"));
            Assert.Equal(0, again.Synthesized);
            Assert.Equal(ir.Modules.Length, again.Cached);
            Assert.Equal(blocks.Report.Total, again.Report.Total);
        }
    }

    /// <summary>A small shared-ReCoN MicroScopiQ (2×4, one unit: PEs, rows, pool, arbiter, ReCoN, correction chain with
    /// its RAM): exact against the hierarchical synth but for the RAM macro, which the blocks leave to the area model;
    /// the flattened synth (73 s on the loaded 2-core machine, hence the extended tier) measured 44 753 cells against the
    /// hierarchical 53 127 (−15.8 %, with the former register chain), so it is held to within 25 % below.</summary>
    [Fact, Trait("Tier", "extended")]
    public void Shared_recon_microscopiq_blocks_match_the_hierarchical_synth_and_bound_the_flat_one()
    {
        var ir = DesignCatalog.Find("microscopiq").Elaborate(new MicroScopiQConfig(rows: 2, cols: 4, reconUnits: 1));
        var (_, whole, dir) = BothWays(ir);
        using (dir)
        {
            var flat = SynthGate.Run(dir.Path, ir.Top.Name, flatten: true).Total;
            Assert.InRange(flat.Cells, (long)(0.75 * whole.Total.Cells), whole.Total.Cells);
        }
    }

    private static (BlockSynth.Result Blocks, SynthGate.Report Whole, TempDir Dir) BothWays(IrDesign ir)
    {
        var files = VerilogEmitter.Emit(ir);
        var dir = new TempDir();
        OutputWriter.WriteAll(dir.Path, files);
        var blocks = BlockSynth.Run(ir, files, System.IO.Path.Combine(dir.Path, "cache"));
        var whole = SynthGate.Run(dir.Path, ir.Top.Name);
        var macros = ir.Modules.Where(AreaModel.IsRamMacro).ToList();
        Assert.Equal(ir.Modules.Length - macros.Count, blocks.Synthesized);
        // Exact per block, but for a parent of a RAM macro: there the whole-design run sees the RAM's real definition and
        // the block run a black box (MicroScopiQ 2×4 G = 1: correction_chain 3 016 cells alone against 3 024), so such a
        // parent is held to 1 % and the totals below to 0.1 %.
        foreach (var m in ir.Modules.Except(macros))
        {
            var (w, b) = (whole.Modules.Single(x => x.Module == m.Name), blocks.Report.Modules.Single(x => x.Module == m.Name));
            if (m.Instances.Any(i => macros.Any(x => x.Name == i.ModuleName)))
            {
                Assert.InRange(b.Cells, (long)(0.99 * w.Cells), (long)Math.Ceiling(1.01 * w.Cells));
                Assert.Equal(w.FlipFlops, b.FlipFlops);
            }
            else Assert.Equal(w, b);
        }
        // A RAM macro is yosys' flip-flop array in the hierarchical run and nothing in the blocks (the model prices it).
        var counts = ir.Modules.ToDictionary(m => m.Name, m => 0L);
        void Count(IrModule m, long times) { counts[m.Name] += times; foreach (var i in m.Instances) Count(ir.Module(i.ModuleName), times); }
        Count(ir.Top, 1);
        long macroCells = macros.Sum(m => counts[m.Name] * whole.Modules.Single(x => x.Module == m.Name).Cells);
        long macroFlops = macros.Sum(m => counts[m.Name] * whole.Modules.Single(x => x.Module == m.Name).FlipFlops);
        Assert.InRange(blocks.Report.Total.Cells, (long)(0.999 * (whole.Total.Cells - macroCells)), (long)Math.Ceiling(1.001 * (whole.Total.Cells - macroCells)));
        Assert.Equal(whole.Total.FlipFlops - macroFlops, blocks.Report.Total.FlipFlops);
        return (blocks, whole, dir);
    }
}
