using SmartQuant.Models.Cxl.Link;
using SmartQuant.Models.Dram;
using Xunit.Abstractions;

namespace SmartQuant.Cxl.Tests.Link;

/// <summary>The link's clock ratio and the bandwidth of a long stream against the analytic link bandwidth.</summary>
public class LinkTimingTests(ITestOutputHelper log)
{
    private const long DeviceKHz = 1_200_000; // 1.2 GHz: DDR5-4800 command clock / ClockRatio 2

    [Fact]
    public void Flit_slots_follow_the_exact_clock_ratio()
    {
        var (num, den) = LinkConfig.X16.FlitsPerCycle(DeviceKHz);
        // 16 lanes × 32 GT/s × 128/130 / 8 = 63.015 GB/s; / 68 B = 0.92669 G flits/s; / 1.2 GHz = 0.77224 flits per cycle.
        Assert.Equal(LinkConfig.X16.FlitsPerSecond / 1.2e9, (double)num / den, 12);
        var clock = new LinkClock(num, den);
        for (long c = 1; c <= 100_000; c++)
        {
            Assert.InRange(clock.Tick(), 0, 1);
            if (c % 9973 == 0) Assert.Equal(c * num / den, clock.Slots);
        }
        var x8 = new LinkClock(LinkConfig.X8.FlitsPerCycle(DeviceKHz).Num, LinkConfig.X8.FlitsPerCycle(DeviceKHz).Den);
        for (var c = 0; c < 1000; c++) x8.Tick();
        Assert.Equal(386, x8.Slots);   // ⌊1000 · 0.38612⌋
    }

    [Theory]
    [InlineData(16)]
    [InlineData(8)]
    public void A_long_read_response_stream_runs_at_the_analytic_bandwidth(int lanes)
    {
        // 8 000 DRS with unlimited credits: 9 flits per 8 lines (4.5 slots per line), one flit per offered slot.
        var cfg = new LinkConfig { Lanes = lanes, DrsCredits = 1 << 16 };
        var link = new CxlLink(cfg, DramConfig.Default.ControllerCycleNs, DeviceKHz);
        const int lines = 8000;
        for (var t = 0; t < lines; t++) link.DeviceSend(new LinkMessage(LinkChannel.Drs, t, 0, 0, new ulong[8]));
        var received = 0;
        long cycle = 0, lastArrival = 0;
        while (received < lines)
        {
            link.Deliver(cycle, _ => { received++; lastArrival = cycle; });
            link.Transmit(cycle);
            cycle++;
        }
        Assert.Equal(lines * 9 / 8, link.S2M.Stats.Flits);
        Assert.Equal(lines / 8 * 5, link.S2M.Stats.AllDataFlits);
        // Analytic: flits/s × 64 B × 8/9 lines per flit. Measured from the first to the last arrival; the rounding is
        // one flit slot at each end plus the fixed latency, i.e. (latency + 2) cycles over the whole stream.
        var ns = (lastArrival + 1 - (1 + link.S2M.LatencyCycles)) * DramConfig.Default.ControllerCycleNs;
        var measured = lines * 64.0 / ns;   // GB/s
        var analytic = cfg.FlitsPerSecond * 64 * 8 / 9 / 1e9;
        log.WriteLine($"x{lanes}: {measured:F2} GB/s measured, {analytic:F2} GB/s analytic");
        Assert.InRange(measured / analytic, 1 - 2.0 / (lastArrival - link.S2M.LatencyCycles), 1 + 2.0 / (lastArrival - link.S2M.LatencyCycles));
    }
}
