using SmartQuant.Emit;
using SmartQuant.Eda;
using SmartQuant.Hw;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.MicroScopiQ.Tests;

/// <summary>Lint (Verilator -Wall, yosys strict) on 4×8 (8×8, shared-ReCoN 8×8 and 16×16: extended tier); synthesis of 4×8 (larger ones: the report).</summary>
public class GateTests
{
    private static string Emit(MicroScopiQConfig cfg)
    {
        var ir = DesignCatalog.Find("microscopiq").Elaborate(cfg);
        var dir = Directory.CreateTempSubdirectory("msq-gate-").FullName;
        OutputWriter.WriteAll(dir, VerilogEmitter.Emit(ir));
        return dir;
    }

    [Fact]
    public void Default4x8Lints() => Lints(4, 8);

    /// <summary>The larger arrays: minutes of lint on a 2-core machine, so in the extended tier (<c>make regress</c>).</summary>
    [Theory]
    [Trait("Tier", "extended")]
    [InlineData(8, 8)]
    [InlineData(16, 16)]
    public void LargerArraysLint(int rows, int cols) => Lints(rows, cols);

    private static void Lints(int rows, int cols)
    {
        var dir = Emit(new MicroScopiQConfig(rows: rows, cols: cols));
        try { foreach (var r in LintGate.Run(dir, "microscopiq_top")) Assert.True(r.Passed, r.ToString()); }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>The named shared-ReCoN configuration (8×8, two units): arbiter, pool, result queues (extended tier, for time).</summary>
    [Fact]
    [Trait("Tier", "extended")]
    public void SharedRecon8x8Lints()
    {
        var dir = Emit(new MicroScopiQConfig(rows: 8, cols: 8, reconUnits: 2));
        try { foreach (var r in LintGate.Run(dir, "microscopiq_top")) Assert.True(r.Passed, r.ToString()); }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>
    /// Synthesizes within the logic-depth budget of 40 generic gate levels (docs/microscopiq-hw.md, "Logic depth"): the
    /// exact merge is pipelined and the PE applies the weight sign to the activation, not the product, so the longest
    /// path (37 levels) is the PE's multiply-accumulate; out_ready reaches only the output buffer's pointers and the
    /// in-flight count, never an enable.
    /// </summary>
    [Fact]
    public void Default4x8SynthesizesWithin40Levels()
    {
        var dir = Emit(new MicroScopiQConfig(rows: 4, cols: 8));
        try
        {
            var synth = SynthGate.Run(dir, "microscopiq_top", depth: true, depthFrom: "out_ready");
            Assert.Contains(synth.Modules, m => m.Module.StartsWith("multi_precision_pe") && m.FlipFlops > 0);
            Assert.Contains(synth.Modules, m => m.Module.StartsWith("recon") && m.FlipFlops > 0);
            Assert.True(synth.Total.FlipFlops > 0);
            Assert.InRange(synth.Path!.Levels, 1, 40);   // was 73 through the unpipelined merge, 42 with ± after the multiplier
            Assert.DoesNotContain("enable", synth.PathFrom!.End.Kind);
            Assert.InRange(synth.PathFrom.Levels, 1, 12);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>The same budget on the larger and the shared-ReCoN configurations (minutes of synthesis each on a 2-core
    /// machine: extended tier). Shared units register their entry, so arbitration and lane-role decode are split.</summary>
    [Theory]
    [Trait("Tier", "extended")]
    [InlineData(8, 8, 0)]
    [InlineData(8, 8, 1)]
    [InlineData(8, 8, 2)]
    [InlineData(16, 16, 0)]
    public void LargerAndSharedConfigurationsSynthesizeWithin40Levels(int rows, int cols, int units)
    {
        var dir = Emit(new MicroScopiQConfig(rows: rows, cols: cols, reconUnits: units));
        try { Assert.InRange(SynthGate.Run(dir, "microscopiq_top", depth: true).Path!.Levels, 1, 40); }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
