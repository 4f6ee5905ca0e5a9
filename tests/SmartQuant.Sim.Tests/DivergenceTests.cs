using SmartQuant.Hdl;
using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.MacArray;
using SmartQuant.Models.MacArray;
using SmartQuant.Sim.Drivers;

namespace SmartQuant.Sim.Tests;

/// <summary>A deliberately wrong golden model: the report must name the right cycle and port, and write waves + view.</summary>
public class DivergenceTests
{
    [Fact]
    public void Wrong_golden_model_reports_cycle_port_and_writes_fst_and_gtkw()
    {
        const long badCycle = 1234;
        var test = new SimTest("mac-array", "wrong-golden", "golden model off by one on psum_out_2 from cycle 1234",
            (c, m) => new OffByOneGolden(new MacArrayGolden((MacArrayConfig)c, PortBindings.MacArray(m)), PortBindings.MacArray(m).PsumOut[2], cycle => cycle >= badCycle),
            (c, m, s) => new MacArrayDriver((MacArrayConfig)c, PortBindings.MacArray(m), s));
        var dir = Path.Combine(Path.GetTempPath(), $"sq-div-{Guid.NewGuid():N}");
        var r = LockstepEngine.Run(test, new SimOptions { Cycles = 10_000, Seed = 5, WavesDirectory = dir });

        Assert.False(r.Passed);
        var d = r.Divergence!;
        Assert.Equal(badCycle, d.Cycle);
        var psum2 = PortBindings.MacArray(r.Library.Map).PsumOut[2];
        Assert.Equal(psum2, d.Mismatches.Single().Port);
        Assert.Equal(d.Mismatches[0].Expected, (d.Mismatches[0].Actual + 1) % (System.Numerics.BigInteger.One << 32));
        Assert.StartsWith("FAIL design=mac-array test=wrong-golden", r.Summary);

        var text = d.ToString();
        Assert.Contains($"cycle=1234 port={psum2.Name}", text);
        Assert.Contains("MacArrayTop.cs:", text);       // the port's C# declaration
        Assert.Equal(17, d.TableLines.Count);            // header + 16 cycles
        Assert.Contains("*psum_out_2", d.TableLines[0]);
        Assert.StartsWith("1234 |", d.TableLines[^1].TrimStart());

        Assert.Equal(Path.Combine(dir, "wrong-golden.fst"), d.WavesPath);
        Assert.True(File.Exists(d.WavesPath) && new FileInfo(d.WavesPath!).Length > 0);
        Assert.True(File.Exists(d.ViewPath));
        var view = File.ReadAllText(d.ViewPath!);
        Assert.Contains("TOP.mac_array.psum_out_2[31:0]", view);
        Assert.Contains("TOP.mac_array.enable", view);

        // The window really covers cycle − 200 .. cycle + 20 and uses the names the view refers to.
        var vcd = FstText(d.WavesPath!);
        Assert.Contains("psum_out_2", vcd);
        var times = vcd.Split('\n').Where(l => l.StartsWith('#')).Select(l => long.Parse(l[1..])).ToList();
        Assert.Equal((badCycle - LockstepEngine.WindowBefore + 2) * 10, times.Min());
        Assert.Equal((badCycle + LockstepEngine.WindowAfter + 2) * 10 + 5, times.Max());
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void Wrong_fifo_capacity_is_caught_at_in_ready()
    {
        // A golden FIFO that believes it holds one entry less than the RTL: first difference is in_ready (or count).
        var test = new SimTest("fifo", "small-golden", "golden model with depth 8 against RTL depth 16",
            (c, m) => new SmartQuant.Models.Fifo.FifoGolden(new SmartQuant.Hw.Common.FifoConfig(depth: 8, width: 32), PortBindings.Fifo(m)),
            (c, m, s) => new FifoDriver(PortBindings.Fifo(m), s), SimTestCatalog.Find("fifo").DontCares);
        var r = LockstepEngine.Run(test, new SimOptions { Cycles = 20_000, Seed = 2, WavesOnFailure = false });
        Assert.False(r.Passed);
        var fifo = PortBindings.Fifo(r.Library.Map);
        Assert.Contains(r.Divergence!.Mismatches, m => m.Port == fifo.InReady || m.Port == fifo.Count);
        Assert.Null(r.Divergence.WavesPath);
    }

    [Fact]
    public void Unknown_test_is_one_clear_error()
    {
        var e = Assert.Throws<HdlException>(() => SimTestCatalog.Find("fifo", "nope"));
        Assert.Equal("design 'fifo' has no test 'nope' (tests: random)", e.Message);
    }

    private static string FstText(string fst)
    {
        var vcd = fst + ".vcd";
        var r = SmartQuant.Eda.ToolRunner.Run("fst2vcd", [fst, "-o", vcd]);
        Assert.Equal(0, r.ExitCode);
        return File.ReadAllText(vcd);
    }
}
