using SmartQuant.Sim;
using SmartQuant.Sim.Drivers.Cxl;

namespace SmartQuant.Cxl.Tests.CoSim;

/// <summary>Second simulator: iverilog replays a recorded cxl-store run and agrees with Verilator on every cycle.</summary>
public class CxlReplayTests
{
    [Fact]
    public void Iverilog_agrees_with_verilator_on_the_stream_test()
    {
        const long cycles = 1200; // load (64 writes) + full-precision and k-bit streaming of the first epoch
        var dir = Path.Combine(Path.GetTempPath(), $"sq-replay-cxl-{Guid.NewGuid():N}");
        var r = VectorReplay.Record(SimTestCatalog.Find("cxl-store", "stream"), new SimOptions { Cycles = cycles, Seed = 5, Config = CxlStoreSimTests.Small }, dir);
        Assert.True(r.Agreed, r.Output);
        Assert.Equal(cycles, r.Cycles);
        Directory.Delete(dir, recursive: true);
    }
}
