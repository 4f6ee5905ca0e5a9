using SmartQuant.Models.Dram;
using static SmartQuant.Cxl.Tests.Dram.DramTestHelpers;

namespace SmartQuant.Cxl.Tests.Dram;

public class DramPortTests
{
    [Fact]
    public void ReadAfterWriteReturnsWrittenDataAndUnwrittenLinesAreZero()
    {
        var m = new DramModel();
        ulong[] addrs = [0, 64, 4096 * 64, 0x1_2345_6780];
        for (int i = 0; i < addrs.Length; i++) Offer(m, DramRequest.Write(i, addrs[i], Pattern(i)));
        for (int i = 0; i < addrs.Length; i++) Offer(m, DramRequest.Read(100 + i, addrs[i]));
        Offer(m, DramRequest.Read(200, 128));
        var got = new Dictionary<int, DramResponse>();
        while (got.Count < 2 * addrs.Length + 1) { var r = RunUntilResponse(m); got.Add(r.Id, r); }
        for (int i = 0; i < addrs.Length; i++)
        {
            Assert.True(got[i].IsWrite);
            Assert.Equal(Pattern(i), got[100 + i].Data);
            Assert.Equal(addrs[i], got[100 + i].Address);
        }
        Assert.Equal(new byte[64], got[200].Data);
        Assert.True(m.Idle);
    }

    [Fact]
    public void ReadsSeeProgramOrderEvenWhenTheSchedulerReorders()
    {
        var m = new DramModel();
        Offer(m, DramRequest.Write(1, 0, Pattern(1)));
        Offer(m, DramRequest.Read(2, 0));                 // must see Pattern(1)
        Offer(m, DramRequest.Write(3, 0, Pattern(3)));
        Offer(m, DramRequest.Read(4, 0));                 // must see Pattern(3)
        var got = new Dictionary<int, DramResponse>();
        while (got.Count < 4) { var r = RunUntilResponse(m); got.Add(r.Id, r); }
        Assert.Equal(Pattern(1), got[2].Data);
        Assert.Equal(Pattern(3), got[4].Data);
        Assert.Equal(Pattern(3), m.Peek(0));
    }

    [Fact]
    public void BackPressureHoldsTheResponseUntilAccepted()
    {
        var m = new DramModel();
        Offer(m, DramRequest.Read(1, 0));
        Offer(m, DramRequest.Read(2, 64));
        while (m.Response is null) m.Clock(null, responseReady: false);
        var first = m.Response;
        for (int i = 0; i < 500; i++)
        {
            m.Clock(null, responseReady: false);
            Assert.Same(first, m.Response);       // held, unchanged
        }
        Assert.Equal(500, m.Stats.ResponseStallCycles);
        Assert.Equal(2, m.Outstanding);
        m.Clock(null, responseReady: true);       // consumed in this cycle
        Assert.NotNull(m.Response);               // second was complete long ago: presented next cycle
        Assert.Equal(2, m.Response!.Id);
        m.Clock(null, true);
        Assert.Null(m.Response);
        Assert.True(m.Idle);
    }

    [Fact]
    public void BoundedQueueRefusesWhenFull()
    {
        var m = new DramModel(DramConfig.Default with { QueueDepth = 4 });
        for (int i = 0; i < 4; i++) Offer(m, DramRequest.Read(i, (ulong)i * 64), responseReady: false);
        Assert.False(m.RequestReady);
        Assert.False(m.Clock(DramRequest.Read(9, 1024), responseReady: false));
        Assert.Equal(1, m.Stats.RequestsRefused);
        for (int i = 0; i < 200; i++) m.Clock(null, responseReady: false);
        Assert.False(m.RequestReady);             // completed-but-unconsumed responses still hold slots
        m.Clock(null, responseReady: true);
        Assert.True(m.RequestReady);
    }

    [Fact]
    public void SameTraceGivesIdenticalResponseTrace()
    {
        static List<(int, long, long, string)> Run()
        {
            var m = new DramModel();
            var rng = new Random(1234);            // seeded: the trace itself is fixed
            var log = new List<(int, long, long, string)>();
            int id = 0;
            for (int c = 0; c < 20_000; c++)
            {
                DramRequest? req = null;
                if (id < 3000 && rng.Next(3) != 0)
                {
                    ulong a = (ulong)rng.Next(1 << 16) * 64 * (ulong)(rng.Next(2) == 0 ? 1 : 977);
                    a %= (ulong)m.Map.CapacityBytes;
                    req = rng.Next(4) == 0 ? DramRequest.Write(id, a, Pattern(id)) : DramRequest.Read(id, a);
                }
                bool ready = rng.Next(5) != 0;
                if (m.Response is { } r && ready) log.Add((r.Id, r.AcceptCycle, m.Cycle, Convert.ToHexString(r.Data)));
                if (m.Clock(req, ready)) id++;
            }
            return log;
        }
        var a = Run();
        var b = Run();
        Assert.True(a.Count > 2500);
        Assert.Equal(a, b);
    }

    [Fact]
    public void RejectsBadRequests()
    {
        var m = new DramModel();
        Assert.Throws<ArgumentException>(() => m.Clock(DramRequest.Read(0, 32), true));
        Assert.Throws<ArgumentException>(() => m.Clock(DramRequest.Read(0, (ulong)m.Map.CapacityBytes), true));
        Assert.Throws<ArgumentException>(() => m.Clock(DramRequest.Write(0, 0, new byte[32]), true));
    }
}
