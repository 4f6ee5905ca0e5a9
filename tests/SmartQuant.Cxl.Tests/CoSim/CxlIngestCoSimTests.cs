using Xunit.Abstractions;

namespace SmartQuant.Cxl.Tests.CoSim;

/// <summary>
/// Multi-writer ingest in lockstep (RTL ‖ golden, compact configuration, 4 write combiners): whole and partial blocks,
/// evictions past the combiners, racing reads and rewritten lines agree cycle for cycle, and every line read back
/// through the full-precision alias and the k-bit view matches what was written; zero mismatches.
/// </summary>
public class CxlIngestCoSimTests(ITestOutputHelper log)
{
    [Fact]
    public void Interleaved_writers_match()
    {
        // Slow at the DRAM: a block's 8 plane writes share one bank group (tCCD_L_WR), and an evicted partial block is
        // merged plane by plane (read, wait, write); 40 k cycles cover about a dozen epochs.
        var (r, d) = CxlCoSimTests.Run("ingest", 40_000, 5);
        log.WriteLine($"{d.WritesCompleted} writes, {d.ReadsChecked} reads checked, {d.Programs} programs");
        Assert.True(r.Passed, r.Divergence?.ToString());
        Assert.True(d.WritesCompleted > 200, $"only {d.WritesCompleted} writes completed");
        Assert.True(d.ReadsChecked > 250, $"only {d.ReadsChecked} reads checked");
        Assert.True(d.Programs >= 8, $"only {d.Programs} epochs: not every epoch kind ran");
    }
}
