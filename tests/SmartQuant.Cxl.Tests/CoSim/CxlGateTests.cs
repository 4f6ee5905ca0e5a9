using SmartQuant.Emit;
using SmartQuant.Eda;
using SmartQuant.Hw;
using SmartQuant.Sim.Drivers.Cxl;

namespace SmartQuant.Cxl.Tests.CoSim;

/// <summary>Lint (Verilator -Wall, yosys strict) and yosys synthesis of the co-simulated test configuration.</summary>
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
            var synth = SynthGate.Run(dir, ir.Top.Name);
            Assert.Contains(synth.Modules, m => m.Module.StartsWith("bit_plane_gather") && m.Cells > 0);
            Assert.True(synth.Total.FlipFlops > 0);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
