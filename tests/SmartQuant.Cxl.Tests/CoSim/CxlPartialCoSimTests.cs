using Xunit.Abstractions;

namespace SmartQuant.Cxl.Tests.CoSim;

/// <summary>
/// MemWrPtl in lockstep (RTL ‖ golden, compact configuration): random byte enables to the full-precision alias (merged
/// into the bit planes by the write combiners) and to a passthrough window (read, merged and written by the
/// passthrough register), MemWrPtl with no byte enabled, every touched line read back through the views and checked
/// against the reference; zero mismatches. Reuses the compact store's build the other co-simulations make.
/// </summary>
public class CxlPartialCoSimTests(ITestOutputHelper log)
{
    [Fact]
    public void Partial_writes_match()
    {
        var (r, d) = CxlCoSimTests.Run("partial", 30_000, 7);
        log.WriteLine($"{d.WritesCompleted} writes, {d.ReadsChecked} reads checked, {d.Programs} programs");
        Assert.True(r.Passed, r.Divergence?.ToString());
        Assert.True(d.WritesCompleted > 200, $"only {d.WritesCompleted} writes completed");
        Assert.True(d.ReadsChecked > 200, $"only {d.ReadsChecked} reads checked");
        Assert.True(d.Programs >= 6, $"only {d.Programs} epochs: passthrough and k-bit epochs did not both run");
    }
}
