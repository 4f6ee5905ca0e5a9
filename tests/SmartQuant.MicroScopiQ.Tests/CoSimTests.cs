using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw;
using SmartQuant.Hw.MicroScopiQ;
using SmartQuant.Sim;

namespace SmartQuant.MicroScopiQ.Tests;

/// <summary>
/// The RTL (Verilator, 4×8) against the golden model in lockstep: every output, counters included, every cycle, no
/// don't-care rules (out_data/out_bank are zero while out_valid is low on both sides). One Verilator build serves all
/// tests (build cache).
/// </summary>
public class CoSimTests
{
    /// <summary>The catalog's tests but those fed by the real model (their co-simulation runs in the nightly regression).</summary>
    public static TheoryData<string> Tests => [.. SimTestCatalog.ForDesign("microscopiq").Where(t => !SimTestCatalog.NeedsRealModel(t)).Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Tests))]
    public void RtlMatchesGoldenModel(string test)
    {
        var r = LockstepEngine.Run(SimTestCatalog.Find("microscopiq", test), new SimOptions { Cycles = 20_000, Seed = 5 });
        Assert.True(r.Passed, r.Divergence?.ToString());
    }

    /// <summary>The stimulus really streams, reaches ReCoN, stalls and switches banks (a silent driver would pass co-sim trivially).</summary>
    [Theory]
    [MemberData(nameof(Tests))]
    public void StimulusExercisesTheDesign(string test)
    {
        var cfg = new MicroScopiQConfig();
        var map = DesignCatalog.Find("microscopiq").BoundPortMap(cfg);
        var t = SimTestCatalog.Find("microscopiq", test);
        var golden = t.CreateGolden(cfg, map);
        var driver = t.CreateDriver(cfg, map, 5);
        var ports = PortBindings.MicroScopiQ(map);
        var (inputs, outputs) = (map.NewInputs(), map.NewOutputs());
        long delivered = 0, banks = 0;
        golden.Reset();
        for (long c = 0; c < 5000; c++)
        {
            driver.Drive(c, inputs, outputs);
            golden.Evaluate(inputs, outputs);
            if (outputs[ports.OutValid] != 0 && inputs[ports.OutReady] != 0) { delivered++; banks += (long)outputs[ports.OutBank]; }
            golden.Tick(inputs);
        }
        ulong Ctr(CounterEvent e) => outputs[ports.Counters[MicroScopiQCounters.For(cfg).ToList().IndexOf(e)]];
        Assert.True(delivered > 200, $"only {delivered} tokens delivered");
        Assert.InRange(banks, 1, delivered - 1);
        Assert.True(Ctr(MicroScopiQCounters.Recon) > 0, "no token went through a ReCoN with outliers");
        Assert.True(Ctr(MicroScopiQCounters.Macs) > 0);
        if (test != "no-stall") Assert.True(Ctr(MicroScopiQCounters.Stalls) > 0, "no output back-pressure");
    }

    [Fact]
    public void IverilogAgreesWithVerilator()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"msq-replay-{Guid.NewGuid():N}");
        var r = VectorReplay.Record(SimTestCatalog.Find("microscopiq", "adversarial"), new SimOptions { Cycles = 1500, Seed = 9 }, dir);
        Assert.True(r.Agreed, r.Output);
        Assert.Equal(1500, r.Cycles);
        Directory.Delete(dir, recursive: true);
    }
}
