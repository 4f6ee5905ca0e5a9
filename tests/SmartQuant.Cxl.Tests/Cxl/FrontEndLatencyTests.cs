using SmartQuant.Hw.Cxl;

namespace SmartQuant.Cxl.Tests.Cxl;

/// <summary>
/// The front-end pipeline's latency (docs/cxl-store.md, "Cycle contract"): a request reaches the accept stage six
/// cycles after its handshake (FIFO, then the HDM decoder's two stages and the alias table's three), so a read that
/// needs no DRAM — MemData-NXM, or a line of a block already in the buffer — is answered in a fixed number of cycles
/// from the Req handshake to the DRS handshake, measured by the store's own latency counter. Golden model.
/// </summary>
public class FrontEndLatencyTests
{
    [Fact]
    public void Reads_without_dram_take_the_pipeline_latency()
    {
        var cfg = GoldenBench.Small;
        var (_, host, model) = GoldenBench.Create(cfg);
        host.Program(0, 1 << 24, GoldenBench.Regions(8, 4));
        host.ReadHpa(1L << 30);                             // outside the HDM range: MemData-NXM
        host.Run();
        Assert.Equal(1, model.Counter(CxlCounters.ErrorsNxm));
        Assert.Equal(NoDramLatency, model.Counter(CxlCounters.LatencyMax));

        host.Read(1 << 20);                                 // PACKED k = 4: a miss (DRAM) ...
        host.Run();
        var miss = model.Counter(CxlCounters.LatencyMax);
        Assert.True(miss > NoDramLatency, $"miss {miss}");
        var sum = model.Counter(CxlCounters.LatencySum);
        host.Read((1 << 20) + 1);                           // ... then line 1 of the same block: a buffer hit
        host.Run();
        Assert.Equal(1, model.Counter(CxlCounters.BufferHits));
        Assert.Equal(NoDramLatency, model.Counter(CxlCounters.LatencySum) - sum);
    }

    /// <summary>Req handshake → accept stage 6 cycles, then the NXM register or the serve, then the DRS register: 8.</summary>
    private const long NoDramLatency = 8;
}
