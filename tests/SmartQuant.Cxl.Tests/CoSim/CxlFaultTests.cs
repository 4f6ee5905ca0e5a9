using SmartQuant.Hdl.Simulation;
using SmartQuant.Sim;
using SmartQuant.Sim.Drivers.Cxl;

namespace SmartQuant.Cxl.Tests.CoSim;

/// <summary>The comparison really covers the returned data and the counters: a golden model with one flipped bit diverges.</summary>
public class CxlFaultTests
{
    /// <summary>Flips one output bit of the wrapped golden model in every cycle where <paramref name="when"/> holds, from the Nth such cycle on.</summary>
    private sealed class Faulty(ICycleModel inner, PortSlot port, Func<PortValues, bool> when, int nth) : ICycleModel
    {
        private int _seen;
        public void Reset() { _seen = 0; inner.Reset(); }
        public void Evaluate(PortValues i, PortValues o)
        {
            inner.Evaluate(i, o);
            if (when(o) && ++_seen >= nth) o.Words[port.Offset] ^= 1;
        }
        public void Tick(PortValues i) => inner.Tick(i);
    }

    [Theory]
    [InlineData("s2m_drs_data", "s2m_drs_valid")]
    [InlineData("regs_rd_data", null)]
    [InlineData("mem_req_addr", "mem_req_valid")]
    public void A_wrong_golden_output_is_a_divergence(string port, string? valid)
    {
        var t = (SimTest)SimTestCatalog.Find("cxl-store", "stream");
        var bad = t with
        {
            Golden = (c, m) => new Faulty(t.Golden(c, m), m[port], o => valid is null || o[m[valid]] != 0, 100),
        };
        var r = LockstepEngine.Run(bad, new SimOptions { Cycles = 5_000, Seed = 3, Config = CxlStoreSimTests.Small, WavesOnFailure = false });
        Assert.False(r.Passed);
        Assert.Equal(port, r.Divergence!.Mismatches[0].Port.Name);
    }
}
