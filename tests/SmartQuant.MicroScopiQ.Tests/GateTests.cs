using SmartQuant.Emit;
using SmartQuant.Emit.Gates;
using SmartQuant.Hw;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.MicroScopiQ.Tests;

/// <summary>Lint (Verilator -Wall, yosys strict) on 4×8, 8×8 and 16×16; synthesis of 4×8 (larger ones: the report).</summary>
public class GateTests
{
    private static string Emit(MicroScopiQConfig cfg)
    {
        var ir = DesignCatalog.Find("microscopiq").Elaborate(cfg);
        var dir = Directory.CreateTempSubdirectory("msq-gate-").FullName;
        OutputWriter.WriteAll(dir, VerilogEmitter.Emit(ir));
        return dir;
    }

    [Theory]
    [InlineData(4, 8)]
    [InlineData(8, 8)]
    [InlineData(16, 16)]
    public void Lints(int rows, int cols)
    {
        var dir = Emit(new MicroScopiQConfig { Rows = rows, Cols = cols });
        try { foreach (var r in LintGate.Run(dir, "microscopiq_top")) Assert.True(r.Passed, r.ToString()); }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>The named shared-ReCoN configuration (8×8, two units): arbiter, pool, result queues.</summary>
    [Fact]
    public void SharedRecon8x8Lints()
    {
        var dir = Emit(new MicroScopiQConfig { Rows = 8, Cols = 8, ReconUnits = 2 });
        try { foreach (var r in LintGate.Run(dir, "microscopiq_top")) Assert.True(r.Passed, r.ToString()); }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Default4x8Synthesizes()
    {
        var dir = Emit(new MicroScopiQConfig { Rows = 4, Cols = 8 });
        try
        {
            var synth = SynthGate.Run(dir, "microscopiq_top");
            Assert.Contains(synth.Modules, m => m.Module.StartsWith("multi_precision_pe") && m.FlipFlops > 0);
            Assert.Contains(synth.Modules, m => m.Module.StartsWith("recon") && m.FlipFlops > 0);
            Assert.True(synth.Total.FlipFlops > 0);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
