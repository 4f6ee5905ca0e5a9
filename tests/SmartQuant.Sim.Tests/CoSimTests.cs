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
        var config = new MacArrayConfig(rows: 8, cols: 8);
        var r = LockstepEngine.Run(SimTestCatalog.Find("mac-array"), new SimOptions { Cycles = 100_000, Seed = 11, Config = config });
        Assert.True(r.Passed, r.Divergence?.ToString());
    }

    [Fact]
    public void MacArray_narrow_operands_accumulator_wrap_and_counter_file_match()
    {
        // 16-bit accumulator on 8-bit operands wraps often: the golden model must wrap exactly like the adders.
        // The same build carries the counter file the energy model reads (cycles, load cycles, stream steps, MACs of
        // non-zero activations): outputs like any other, compared with the golden model's counts every cycle under
        // random loads, enable stalls (random junk on the activation inputs) and activations (zeros included).
        var config = new MacArrayConfig(rows: 3, cols: 5, operandWidth: 8, accumulatorWidth: 16, counters: true);
        var map = SmartQuant.Hw.DesignCatalog.Find("mac-array").BoundPortMap(config);
        Assert.Equal(["ctr_cycles", "ctr_load_cycles", "ctr_stream_steps", "ctr_macs_w8"],
            PortBindings.MacArray(map).Counters.Select(p => p.Name));
        var r = LockstepEngine.Run(SimTestCatalog.Find("mac-array"), new SimOptions { Cycles = 100_000, Seed = 3, Config = config });
        Assert.True(r.Passed, r.Divergence?.ToString());
    }
}
