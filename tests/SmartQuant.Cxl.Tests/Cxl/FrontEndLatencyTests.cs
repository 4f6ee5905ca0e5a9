using SmartQuant.Hw.Cxl;

namespace SmartQuant.Cxl.Tests.Cxl;

/// <summary>
/// The front-end and serve pipelines' latency (docs/cxl-store.md, "Cycle contract", "Serve pipeline"): a request
/// reaches the accept stage six cycles after its handshake (FIFO, then the HDM decoder's two stages and the alias
/// table's three), so a read that needs no DRAM is answered in a fixed number of cycles from the Req handshake to the
/// DRS handshake, measured by the store's own latency counter: a read of no memory (its own register, then DRS) and a
/// line of a block already in the buffer (the serve choice, then the two serve stages, then DRS). Golden model.
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
        Assert.Equal(NoMemoryLatency, model.Counter(CxlCounters.LatencyMax));

        host.Read(1 << 20);                                 // PACKED k = 4: a miss (DRAM) ...
        host.Run();
        var miss = model.Counter(CxlCounters.LatencyMax);
        Assert.True(miss > HitLatency, $"miss {miss}");
        var sum = model.Counter(CxlCounters.LatencySum);
        host.Read((1 << 20) + 1);                           // ... then line 1 of the same block: a buffer hit
        host.Run();
        Assert.Equal(1, model.Counter(CxlCounters.BufferHits));
        Assert.Equal(HitLatency, model.Counter(CxlCounters.LatencySum) - sum);
    }

    /// <summary>Req handshake → accept stage 6 cycles, then the NXM register, then the DRS register: 8.</summary>
    private const long NoMemoryLatency = 8;

    /// <summary>Req handshake → accept stage 6 cycles, pending in the buffer (the choice), sv1, sv2, then the DRS
    /// register: 10 (8 before the serve pipeline was split for the 40-level budget).</summary>
    private const long HitLatency = 10;
}
