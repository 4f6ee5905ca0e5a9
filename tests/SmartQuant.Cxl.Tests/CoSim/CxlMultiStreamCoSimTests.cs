namespace SmartQuant.Cxl.Tests.CoSim;

/// <summary>
/// Many interleaved readers in lockstep (RTL ‖ golden, compact configuration): half-entry blocks, whole-entry blocks
/// and the replacement order agree cycle for cycle, every read checked against the k-bit view; zero mismatches.
/// </summary>
public class CxlMultiStreamCoSimTests
{
    [Fact]
    public void Interleaved_readers_match()
    {
        var (r, d) = CxlCoSimTests.Run("streams", 30_000, 3);
        Assert.True(r.Passed, r.Divergence?.ToString());
        Assert.True(d.ReadsChecked > 2_000, $"only {d.ReadsChecked} reads checked");
        Assert.True(d.Programs >= 8, $"only {d.Programs} region programs: not every view was read");
        Assert.True(d.WritesCompleted > 8 * 16, $"only {d.WritesCompleted} writes: no rewrite between epochs");
    }
}
