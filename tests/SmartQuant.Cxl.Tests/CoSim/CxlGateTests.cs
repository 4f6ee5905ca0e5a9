using SmartQuant.Emit;
using SmartQuant.Eda;
using SmartQuant.Hw;
using SmartQuant.Sim.Drivers.Cxl;

namespace SmartQuant.Cxl.Tests.CoSim;

/// <summary>Lint (Verilator -Wall, yosys strict) and yosys synthesis of the co-simulated test configuration, which is
/// the design's catalog default, with its longest path within issue 17's budget of 40 levels (docs/cxl-store.md, "Logic depth").</summary>
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
            // Issue 17's budget: 40 levels. History (docs/cxl-store.md, "Logic depth"): 256 before the front end was
            // pipelined, 70 before the serve pipeline, 41 before the accept stage's stall path was shortened (registered
            // line masks and hold bits in the read path, stage enables from registered bubbles).
            Assert.InRange(synth.Path!.Levels, 1, 40);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
