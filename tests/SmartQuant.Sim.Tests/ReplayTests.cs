using SmartQuant.Hw.MacArray;

namespace SmartQuant.Sim.Tests;

/// <summary>Second simulator: iverilog replays the recorded stimulus and agrees with Verilator on every cycle.</summary>
public class ReplayTests
{
    [Theory]
    [InlineData("fifo", 3000)]
    [InlineData("mac-array", 2000)]
    public void Iverilog_agrees_with_verilator_on_every_cycle(string design, long cycles)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"sq-replay-{design}-{Guid.NewGuid():N}");
        var r = VectorReplay.Record(SimTestCatalog.Find(design), new SimOptions { Cycles = cycles, Seed = 9 }, dir);
        Assert.True(r.Agreed, r.Output);
        Assert.Equal(cycles, r.Cycles);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void Iverilog_catches_a_wrong_expected_vector()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"sq-replay-bad-{Guid.NewGuid():N}");
        var cfg = new MacArrayConfig(rows: 2, cols: 2);
        VectorReplay.Record(SimTestCatalog.Find("mac-array"), new SimOptions { Cycles = 300, Seed = 4, Config = cfg }, dir);
        var path = Path.Combine(dir, "expected.hex");
        var lines = File.ReadAllLines(path);
        lines[250] = lines[250][..^1] + (lines[250][^1] == '0' ? "1" : "0"); // flip one output bit at cycle 250
        File.WriteAllLines(path, lines);
        var r = VectorReplay.RunIverilog(dir, 300);
        Assert.Equal(1, r.Errors);
        Assert.Contains("MISMATCH cycle 250", r.Output);
        Directory.Delete(dir, recursive: true);
    }
}
