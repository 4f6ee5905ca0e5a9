using SmartQuant.Hdl.Simulation;
using SmartQuant.Sim;
using SmartQuant.Models.Cxl;
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

    /// <summary>The faulted output and the valid that qualifies it (none: compared every cycle), through the typed port set.</summary>
    private static (PortSlot Port, PortSlot? Valid) Target(string which, CxlStorePorts p) => which switch
    {
        "drs data" => (p.Drs.Data, p.Drs.Valid),
        "register read" => (p.Regs.RdData, null),
        "dram address" => (p.MemReq.Addr, p.MemReq.Valid),
        _ => throw new ArgumentException(which),
    };

    [Theory]
    [InlineData("drs data")]
    [InlineData("register read")]
    [InlineData("dram address")]
    public void A_wrong_golden_output_is_a_divergence(string which)
    {
        var t = (SimTest)SimTestCatalog.Find("cxl-store", "stream");
        PortSlot? faulted = null;
        var bad = t with
        {
            Golden = (c, m) =>
            {
                var (port, valid) = Target(which, PortBindings.CxlStore(m));
                faulted = port;
                return new Faulty(t.Golden(c, m), port, o => valid is null || o[valid] != 0, 100);
            },
        };
        var r = LockstepEngine.Run(bad, new SimOptions { Cycles = 5_000, Seed = 3, Config = CxlStoreSimTests.Small, WavesOnFailure = false });
        Assert.False(r.Passed);
        Assert.Equal(faulted, r.Divergence!.Mismatches[0].Port);
    }
}
