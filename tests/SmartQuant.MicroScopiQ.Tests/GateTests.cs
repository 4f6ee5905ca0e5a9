using SmartQuant.Emit;
using SmartQuant.Emit.Gates;
using SmartQuant.Hw;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.MicroScopiQ.Tests;

/// <summary>Lint (Verilator -Wall, yosys strict) and synthesis of the default 4×8 configuration.</summary>
public class GateTests
{
    [Fact]
    public void Default4x8LintsAndSynthesizes()
    {
        var cfg = new MicroScopiQConfig { Rows = 4, Cols = 8 };
        var ir = DesignCatalog.Find("microscopiq").Elaborate(cfg);
        var dir = Directory.CreateTempSubdirectory("msq-gate-").FullName;
        try
        {
            OutputWriter.WriteAll(dir, VerilogEmitter.Emit(ir));
            foreach (var r in LintGate.Run(dir, "microscopiq_top")) Assert.True(r.Passed, r.ToString());
            var synth = SynthGate.Run(dir, "microscopiq_top");
            Assert.Contains(synth.Modules, m => m.Module.StartsWith("multi_precision_pe") && m.FlipFlops > 0);
            Assert.True(synth.Total.FlipFlops > 0);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
