using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw;
using SmartQuant.Hw.Common;
using SmartQuant.Sim;

namespace SmartQuant.Baselines.Tests;

/// <summary>
/// The RTL (Verilator, default 4×4 configurations) against the golden models in lockstep: every output, counters
/// included, every cycle, no don't-care rules, 10 000 cycles (the smoke regression of `make test` runs every catalog test
/// again for 2 × 20 000). One Verilator build per design serves all its tests (build cache).
/// </summary>
public class CoSimTests
{
    public static TheoryData<string, string> Tests
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var t in SimTestCatalog.All.Where(t => t.Design is "mxint-array" or "olive-array")) data.Add(t.Design, t.Name);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Tests))]
    public void RtlMatchesGoldenModel(string design, string test)
    {
        var r = LockstepEngine.Run(SimTestCatalog.Find(design, test), new SimOptions { Cycles = 10_000, Seed = 5 });
        Assert.True(r.Passed, r.Divergence?.ToString());
    }

    /// <summary>The stimulus really streams, loads both banks and stalls (a silent driver would pass co-sim trivially).</summary>
    [Theory]
    [MemberData(nameof(Tests))]
    public void StimulusExercisesTheDesign(string design, string test)
    {
        var entry = DesignCatalog.Find(design);
        var cfg = entry.DefaultConfig;
        var map = entry.BoundPortMap(cfg);
        var t = SimTestCatalog.Find(design, test);
        var golden = t.CreateGolden(cfg, map);
        var driver = t.CreateDriver(cfg, map, 5);
        var (ports, events) = design == "olive-array"
            ? (PortBindings.OliveArray(map).Stream, ArrayCounters.Olive)
            : (PortBindings.MxIntArray(map).Stream, ArrayCounters.MxInt);
        var (inputs, outputs) = (map.NewInputs(), map.NewOutputs());
        long delivered = 0, banks = 0, nonzero = 0;
        golden.Reset();
        for (long c = 0; c < 5000; c++)
        {
            driver.Drive(c, inputs, outputs);
            golden.Evaluate(inputs, outputs);
            if (outputs[ports.OutValid] != 0 && inputs[ports.OutReady] != 0)
            {
                delivered++; banks += (long)outputs[ports.OutBank];
                if (outputs[ports.OutData[0]] != 0) nonzero++;
            }
            golden.Tick(inputs);
        }
        ulong Ctr(SmartQuant.Hw.MicroScopiQ.CounterEvent e) => outputs[ports.Counters[events.ToList().IndexOf(e)]];
        Assert.True(delivered > 200, $"only {delivered} tokens delivered");
        Assert.InRange(banks, 1, delivered - 1);
        Assert.True(nonzero > delivered / 2, $"only {nonzero} of {delivered} results nonzero in lane 0");
        Assert.True(Ctr(ArrayCounters.Macs4) > 0);
        if (test != "no-stall") Assert.True(Ctr(ArrayCounters.Stalls) > 0, "no output back-pressure");
        if (design == "olive-array") Assert.True(Ctr(ArrayCounters.OutlierPairs) > 0, "no outlier pair was loaded");
        if (test == "mixed") Assert.True(Ctr(ArrayCounters.Macs2) > 0, "no bb = 2 token");
    }

    [Theory]
    [InlineData("mxint-array", "mixed")]
    [InlineData("olive-array", "full-scale")]
    public void IverilogAgreesWithVerilator(string design, string test)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"base-replay-{Guid.NewGuid():N}");
        var r = VectorReplay.Record(SimTestCatalog.Find(design, test), new SimOptions { Cycles = 1500, Seed = 9 }, dir);
        Assert.True(r.Agreed, r.Output);
        Assert.Equal(1500, r.Cycles);
        Directory.Delete(dir, recursive: true);
    }
}
