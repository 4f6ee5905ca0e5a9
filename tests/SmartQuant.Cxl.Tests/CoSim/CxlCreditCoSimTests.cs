using Xunit.Abstractions;

namespace SmartQuant.Cxl.Tests.CoSim;

/// <summary>
/// Credit flow control in lockstep (RTL ‖ golden, compact configuration; docs/cxl-store.md, "Credits"): sparse S2M
/// credits from the host, and a misbehaving host that overruns its M2S credits; zero mismatches, every read checked
/// against the reference.
/// </summary>
public class CxlCreditCoSimTests(ITestOutputHelper log)
{
    [Fact]
    public void Sparse_s2m_credits_match()
    {
        var (r, d) = CxlCoSimTests.Run("credit-backpressure", 30_000, 11);
        log.WriteLine($"{d.ReadsChecked} reads checked, {d.WritesCompleted} writes, {d.Programs} programs, S2M credits held back {d.CreditsHeldBack} cycles, host waited for M2S credits {d.HostCreditStalls} cycles");
        Assert.True(r.Passed, r.Divergence?.ToString());
        Assert.True(d.ReadsChecked > 500, $"only {d.ReadsChecked} reads checked");
        Assert.True(d.WritesCompleted > 60, $"only {d.WritesCompleted} writes");
        Assert.True(d.CreditsHeldBack > 5_000, $"the host held back credits in only {d.CreditsHeldBack} cycles");
        Assert.True(d.HostCreditStalls > 1_000, $"the M2S buffers filled in only {d.HostCreditStalls} cycles");
        Assert.Equal(0, d.SentWithoutCredit);
    }

    [Fact]
    public void Credit_overrun_drops_counts_and_stores_nothing_dropped()
    {
        var (r, d) = CxlCoSimTests.Run("credit-overrun", 60_000, 13);
        log.WriteLine($"{d.Dropped} dropped ({d.DroppedWrites} writes), {d.OverrunWritesAcknowledged} overrun writes acknowledged, {d.RasLogsChecked} RAS header logs checked and cleared, {d.SentWithoutCredit} sent without a credit, {d.ReadsChecked} reads checked, {d.Programs} programs; max latency {d.MaxLatency} ({d.MaxLatencyAt})");
        Assert.True(r.Passed, r.Divergence?.ToString());
        Assert.True(d.Programs >= 4, $"only {d.Programs} programs: fewer than 3 misbehaving bursts were checked");
        Assert.True(d.Dropped > 20, $"only {d.Dropped} messages dropped");
        Assert.True(d.DroppedWrites > 5, $"only {d.DroppedWrites} writes dropped");
        Assert.True(d.OverrunWritesAcknowledged > 5, $"only {d.OverrunWritesAcknowledged} writes of the bursts stored");
        Assert.True(d.ReadsChecked > 500, $"only {d.ReadsChecked} reads checked");
        // every burst that dropped something left its RAS log (Receiver_Overflow, First_Error_Pointer, the header of a
        // dropped message), checked and W1C-cleared; more than one means the clear re-armed the log
        Assert.True(d.RasLogsChecked >= 3, $"only {d.RasLogsChecked} RAS header logs checked");
    }
}
