using SmartQuant.Hw.MacArray;
using SmartQuant.Sim;

namespace SmartQuant.Sim.Tests;

/// <summary>The built-in designs against their golden models: long random runs, zero mismatches.</summary>
public class CoSimTests
{
    [Theory]
    [InlineData(1UL)]
    [InlineData(0xC0FFEEUL)]
    public void Fifo_random_traffic_100k_cycles_match(ulong seed)
    {
        var r = LockstepEngine.Run(SimTestCatalog.Find("fifo"), new SimOptions { Cycles = 100_000, Seed = seed });
        Assert.True(r.Passed, r.Divergence?.ToString());
        Assert.Equal(100_000, r.Cycles);
    }

    [Fact]
    public void MacArray_4x4_random_100k_cycles_match()
    {
        var r = LockstepEngine.Run(SimTestCatalog.Find("mac-array"), new SimOptions { Cycles = 100_000, Seed = 7 });
        Assert.True(r.Passed, r.Divergence?.ToString());
    }

    [Fact]
    public void MacArray_8x8_random_100k_cycles_match()
    {
        var config = new MacArrayConfig { Rows = 8, Cols = 8 };
        var r = LockstepEngine.Run(SimTestCatalog.Find("mac-array"), new SimOptions { Cycles = 100_000, Seed = 11, Config = config });
        Assert.True(r.Passed, r.Divergence?.ToString());
    }

    [Fact]
    public void MacArray_narrow_operands_and_accumulator_wrap_match()
    {
        // 16-bit accumulator on 8-bit operands wraps often: the golden model must wrap exactly like the adders.
        var config = new MacArrayConfig { Rows = 3, Cols = 5, OperandWidth = 8, AccumulatorWidth = 16 };
        var r = LockstepEngine.Run(SimTestCatalog.Find("mac-array"), new SimOptions { Cycles = 100_000, Seed = 3, Config = config });
        Assert.True(r.Passed, r.Divergence?.ToString());
    }
}
