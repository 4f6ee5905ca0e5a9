using SmartQuant.Models.Dram;
using static SmartQuant.Cxl.Tests.Dram.DramTestHelpers;

namespace SmartQuant.Cxl.Tests.Dram;

/// <summary>
/// The write queue apart from the reads (docs/dram-model.md, "Write queue and drain"): reads are scheduled first below
/// the high watermark, writes drain from it down to the low watermark, a write waits only while reads do, the port
/// takes writes past the read queue's depth, and with <see cref="DramConfig.WriteQueueDepth"/> = 0 reads and writes
/// share one queue as before.
/// </summary>
public class DramWriteQueueTests
{
    private static readonly DramConfig Small = DramConfig.Default with { QueueDepth = 8, WriteQueueDepth = 32, WriteHighWatermark = 6, WriteLowWatermark = 2 };

    /// <summary>Offers requests back to back (one per cycle, consumer always ready) and records the order of CAS commands.</summary>
    private static List<DramCommandEvent> Cas(DramModel m, IEnumerable<DramRequest> reqs, int idle = 2000)
    {
        var cas = new List<DramCommandEvent>();
        m.CommandObserver = e => { if (e.Kind is DramCommandKind.Read or DramCommandKind.Write) cas.Add(e); };
        foreach (var r in reqs) Offer(m, r);
        Idle(m, idle);
        return cas;
    }

    // one open row of sub-channel 0, bank group 0: every request below is a row hit after the first ACT
    private static ulong At(DramModel m, int column, int bankGroup = 0) => m.Map.Encode(new DramAddress(0, bankGroup, 0, 5, column));

    [Fact]
    public void Reads_go_first_below_the_high_watermark_and_writes_drain_when_reads_stop()
    {
        var m = new DramModel(Small);
        // 3 writes (below the high watermark 6), then 3 reads: the reads' CAS come first, then the writes drain
        var reqs = new List<DramRequest>();
        for (var i = 0; i < 3; i++) reqs.Add(DramRequest.Write(i, At(m, i, 1), Pattern(i)));
        for (var i = 0; i < 3; i++) reqs.Add(DramRequest.Read(10 + i, At(m, 8 + i)));
        var cas = Cas(m, reqs);
        Assert.Equal(6, cas.Count);
        // the first write may issue before any read arrived (no read waits: drain), but no write issues while a read waits
        var firstRead = cas.FindIndex(e => e.Kind == DramCommandKind.Read);
        var writesAfter = cas.Skip(firstRead).SkipWhile(e => e.Kind == DramCommandKind.Read).ToList();
        Assert.All(cas.Skip(firstRead).Take(3), e => Assert.Equal(DramCommandKind.Read, e.Kind));
        Assert.All(writesAfter, e => Assert.Equal(DramCommandKind.Write, e.Kind));
        Assert.True(m.Idle);
    }

    [Fact]
    public void Writes_at_the_high_watermark_drain_to_the_low_watermark_before_reads()
    {
        var m = new DramModel(Small);
        // keep reads waiting the whole time: 4 reads first, then 8 writes (past the high watermark 6), then 4 reads
        var reqs = new List<DramRequest>();
        for (var i = 0; i < 4; i++) reqs.Add(DramRequest.Read(100 + i, At(m, i)));
        for (var i = 0; i < 8; i++) reqs.Add(DramRequest.Write(i, At(m, 16 + i, 1), Pattern(i)));
        for (var i = 0; i < 4; i++) reqs.Add(DramRequest.Read(200 + i, At(m, 32 + i)));
        var cas = Cas(m, reqs);
        Assert.Equal(16, cas.Count);
        // once 6 writes are queued the writes drain in one run until 2 are left (6 − 2 = 4 or more in a row), then reads
        var runs = new List<(DramCommandKind Kind, int Length)>();
        foreach (var e in cas)
            if (runs.Count > 0 && runs[^1].Kind == e.Kind) runs[^1] = (e.Kind, runs[^1].Length + 1);
            else runs.Add((e.Kind, 1));
        Assert.Contains(runs, r => r.Kind == DramCommandKind.Write && r.Length >= 4);
        Assert.True(m.Idle);
    }

    [Fact]
    public void The_port_takes_writes_past_the_read_queue_depth_and_a_shared_queue_does_not()
    {
        foreach (var (cfg, expected) in new[] { (Small, 32), (Small with { WriteQueueDepth = 0 }, 8) })
        {
            var m = new DramModel(cfg);
            var accepted = 0;
            // hold every response so nothing leaves the model; offer 40 writes
            for (var i = 0; i < 40; i++) if (m.Clock(DramRequest.Write(i, At(m, i % 64, i % 8), Pattern(i)), responseReady: false)) accepted++;
            Assert.Equal(expected, accepted);
            Assert.False(m.RequestReady);
            // with the write queue full a read is refused as well: ready never depends on the offered request
            Assert.False(m.Clock(DramRequest.Read(99, At(m, 1)), responseReady: false));
        }
    }
}
