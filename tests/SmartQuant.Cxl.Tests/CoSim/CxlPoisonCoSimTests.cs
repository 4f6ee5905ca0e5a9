using Xunit.Abstractions;

namespace SmartQuant.Cxl.Tests.CoSim;

/// <summary>
/// Poison in lockstep (RTL ‖ golden, compact configuration): the partial-write scenario with RwD Poison on a third of
/// the writes, so lines are poisoned, rewritten clean in whole (cleared) or in part (kept) and poisoned again through
/// the write combiners and the passthrough register; every read's data and DRS Poison checked against the reference's
/// marks spread over the views (docs/cxl-store.md, "Poison"); zero mismatches.
/// </summary>
public class CxlPoisonCoSimTests(ITestOutputHelper log)
{
    [Fact]
    public void Poison_matches()
    {
        var (r, d) = CxlCoSimTests.Run("poison", 30_000, 3);
        log.WriteLine($"{d.WritesCompleted} writes, {d.ReadsChecked} reads checked ({d.PoisonedReads} poisoned), {d.Programs} programs");
        Assert.True(r.Passed, r.Divergence?.ToString());
        Assert.True(d.ReadsChecked > 200, $"only {d.ReadsChecked} reads checked");
        // both answers occur: poisoned lines and clean ones
        Assert.True(d.PoisonedReads > 20, $"only {d.PoisonedReads} poisoned reads");
        Assert.True(d.ReadsChecked - d.PoisonedReads > 20, "almost every read was poisoned");
    }
}
