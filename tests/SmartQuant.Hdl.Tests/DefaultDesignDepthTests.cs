using SmartQuant.Emit;
using SmartQuant.Eda;
using SmartQuant.Hw;

namespace SmartQuant.Hdl.Tests;

/// <summary>
/// Timing budget of the default designs: the longest combinational path (LogicDepth, yosys generic gate levels) is at
/// most 40 levels. MicroScopiQ and cxl-store are checked in their own test projects (GateTests, CxlGateTests), whose
/// synthesis of the default configuration they already run.
/// </summary>
public class DefaultDesignDepthTests
{
    public const int MaxLevels = 40;

    [Theory]
    [InlineData("fifo")]
    [InlineData("mac-array")]
    public void Longest_path_of_the_default_configuration_is_at_most_40_levels(string design)
    {
        var entry = DesignCatalog.Find(design);
        var ir = entry.Elaborate(entry.DefaultConfig);
        using var dir = new TempDir();
        OutputWriter.WriteAll(dir.Path, VerilogEmitter.Emit(ir));
        var path = SynthGate.Run(dir.Path, ir.Top.Name, depth: true).Path!;

        Assert.InRange(path.Levels, 1, MaxLevels);
    }
}
