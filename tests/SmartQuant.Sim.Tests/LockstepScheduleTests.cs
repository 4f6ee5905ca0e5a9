using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.MacArray;
using SmartQuant.Models.MacArray;
using SmartQuant.Sim.Drivers;

namespace SmartQuant.Sim.Tests;

/// <summary>
/// The serial schedule and the pipelined one (checker on a second thread, RTL side running ahead in batches) must be
/// indistinguishable: same divergence (cycle, ports, history table), same errors, same progress calls.
/// </summary>
public class LockstepScheduleTests
{
    /// <summary>A driver that fails at a given cycle, as a driver checking the RTL's responses would.</summary>
    private sealed class ThrowsAt(IStimulusDriver inner, long failCycle) : IStimulusDriver
    {
        public void Drive(long cycle, PortValues inputs, PortValues outputs)
        {
            if (cycle == failCycle) throw new InvalidOperationException($"driver check failed at cycle {cycle}");
            inner.Drive(cycle, inputs, outputs);
        }
    }

    private static SimTest MacArray(long badCycle, long failCycle) =>
        new("mac-array", "schedule", "wrong golden at one cycle, failing driver",
            (c, m) => new OffByOneGolden(new MacArrayGolden((MacArrayConfig)c, PortBindings.MacArray(m)), PortBindings.MacArray(m).PsumOut[3], cycle => cycle == badCycle),
            (c, m, s) => new ThrowsAt(new MacArrayDriver((MacArrayConfig)c, PortBindings.MacArray(m), s), failCycle));

    private static SimResult Run(SimTest test, bool pipelined, long cycles, List<long>? progress = null) =>
        LockstepEngine.Run(test, new SimOptions
        {
            Cycles = cycles, Seed = 9, WavesOnFailure = false, CheckerThread = pipelined,
            Progress = progress is null ? null : progress.Add, ProgressInterval = 1000,
        });

    [Theory]
    [InlineData(3)]       // first batch
    [InlineData(2047)]    // last cycle of a batch
    [InlineData(9000)]    // several batches in, RTL side ahead
    public void Divergence_is_identical_in_both_schedules(long badCycle)
    {
        var serial = Run(MacArray(badCycle, long.MaxValue), pipelined: false, 20_000);
        var piped = Run(MacArray(badCycle, long.MaxValue), pipelined: true, 20_000);
        Assert.Equal(badCycle, serial.Divergence!.Cycle);
        Assert.Equal(serial.Divergence.Cycle, piped.Divergence!.Cycle);
        Assert.Equal(serial.Divergence.Mismatches, piped.Divergence.Mismatches);
        Assert.Equal(serial.Divergence.TableLines, piped.Divergence.TableLines);
        Assert.Equal(serial.Summary, piped.Summary);
    }

    [Fact]
    public void Passing_runs_report_the_same_progress()
    {
        var (a, b) = (new List<long>(), new List<long>());
        var serial = Run(MacArray(long.MaxValue, long.MaxValue), pipelined: false, 7_777, a);
        var piped = Run(MacArray(long.MaxValue, long.MaxValue), pipelined: true, 7_777, b);
        Assert.True(serial.Passed && piped.Passed);
        Assert.Equal(serial.Summary, piped.Summary);
        Assert.Equal(Enumerable.Range(1, 7).Select(k => k * 1000L), a);
        Assert.Equal(a, b);
    }

    [Fact]
    public void A_driver_error_surfaces_with_its_message_in_both_schedules()
    {
        foreach (var pipelined in new[] { false, true })
        {
            var e = Assert.Throws<InvalidOperationException>(() => Run(MacArray(long.MaxValue, 5_000), pipelined, 20_000));
            Assert.Equal("driver check failed at cycle 5000", e.Message);
        }
    }

    [Fact]
    public void A_divergence_before_a_driver_error_wins_in_both_schedules()
    {
        foreach (var pipelined in new[] { false, true })
        {
            var r = Run(MacArray(4_000, 4_100), pipelined, 20_000);
            Assert.Equal(4_000, r.Divergence!.Cycle);
        }
    }
}
