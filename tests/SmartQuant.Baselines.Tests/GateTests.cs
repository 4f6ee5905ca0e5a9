using SmartQuant.Emit;
using SmartQuant.Eda;
using SmartQuant.Hw;

namespace SmartQuant.Baselines.Tests;

/// <summary>Lint (Verilator -Wall, yosys strict) and synthesis of the default baseline arrays (4×4), and byte-identical emission.</summary>
public class GateTests
{
    private static string Emit(string design)
    {
        var dir = Directory.CreateTempSubdirectory("base-gate-").FullName;
        OutputWriter.WriteAll(dir, VerilogEmitter.Emit(DesignCatalog.Find(design).Elaborate()));
        return dir;
    }

    [Theory]
    [InlineData("mxint-array", "mxint_array_top")]
    [InlineData("olive-array", "olive_array_top")]
    public void DefaultLints(string design, string top)
    {
        var dir = Emit(design);
        try { foreach (var r in LintGate.Run(dir, top)) Assert.True(r.Passed, r.ToString()); }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>
    /// Synthesizes; the PEs hold flip-flops (so the arrays are not optimized away), the decoders are pure logic, and the
    /// longest combinational path is a PE's multiply-accumulate: 37 generic gate levels in MicroScopiQ's shared PE (the
    /// same path as in design microscopiq, docs/microscopiq-hw.md "Logic depth"), 39 in the OliVe PE (4 × 8-bit multiply
    /// and the operand shift); each bound leaves a few levels of margin for yosys versions.
    /// </summary>
    [Theory]
    [InlineData("mxint-array", "mxint_array_top", "multi_precision_pe", 40)]
    [InlineData("olive-array", "olive_array_top", "olive_pe", 40)]
    public void DefaultSynthesizes(string design, string top, string pe, int maxLevels)
    {
        var dir = Emit(design);
        try
        {
            var synth = SynthGate.Run(dir, top, depth: true);
            Assert.Contains(synth.Modules, m => m.Module.StartsWith(pe) && m.FlipFlops > 0);
            if (design == "olive-array") Assert.Contains(synth.Modules, m => m.Module.StartsWith("olive_pair_decoder") && m.FlipFlops == 0 && m.Cells > 0);
            Assert.InRange(synth.Path!.Levels, 1, maxLevels);
            Assert.Contains(".pe_", synth.Path.End.Name);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Theory]
    [InlineData("mxint-array")]
    [InlineData("olive-array")]
    public void EmissionIsDeterministic(string design)
    {
        var a = VerilogEmitter.Emit(DesignCatalog.Find(design).Elaborate());
        var b = VerilogEmitter.Emit(DesignCatalog.Find(design).Elaborate());
        Assert.Equal(a.Select(f => (f.Name, f.Content)), b.Select(f => (f.Name, f.Content)));
    }
}

/// <summary>Configurations the arrays cannot build are one-line errors naming the field.</summary>
public class ConfigTests
{
    [Theory]
    [InlineData("olive-array", "{\"Rows\": 3}", "rows: must be even")]
    [InlineData("olive-array", "{\"AccumulatorWidth\": 19}", "accumulatorWidth")]
    [InlineData("mxint-array", "{\"Cols\": 6}", "cols: must be a power of two")]
    [InlineData("mxint-array", "{\"ShiftWidth\": 4, \"AccumulatorWidth\": 28}", "accumulatorWidth")]
    public void BadConfigurationsAreRejected(string design, string json, string message)
    {
        var entry = DesignCatalog.Find(design);
        var e = Assert.Throws<SmartQuant.Hdl.ConfigException>(() => SmartQuant.Hdl.DesignConfig.FromJson(entry.ConfigType, json, "c.json"));
        Assert.Contains(message, e.Message);
        Assert.StartsWith("c.json:1: ", e.Message); // the file and the line of the offending key
    }
}
