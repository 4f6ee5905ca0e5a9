using SmartQuant.Cxl.Tests.Cxl;
using SmartQuant.Hw.Cxl;
using SmartQuant.Models.Cxl;
using SmartQuant.Models.Cxl.Link;

namespace SmartQuant.Cxl.Tests.Link;

/// <summary>Credit-based flow control with the golden model behind the link: exhaustion stalls, returns resume, data intact.</summary>
public class LinkCreditTests
{
    private const int Blocks = 4;

    private static LinkBench Create(LinkConfig link)
    {
        var (bench, _, _) = GoldenBench.Create(GoldenBench.Small);
        var lb = new LinkBench(bench, link);
        lb.Driver.Program(0, 1 << 24, GoldenBench.Regions(Blocks, 4));
        return lb;
    }

    private static ulong[] Words(byte[] w, int line) => [.. Enumerable.Range(0, 8).Select(i => BitConverter.ToUInt64(w, 64 * line + 8 * i))];

    /// <summary>Writes the weights through the link (two writer streams), then reads every full-precision line back (two reader streams).</summary>
    private static (LinkBench Lb, byte[] Weights) WriteThenRead(LinkConfig link)
    {
        var lb = Create(link);
        var w = GoldenBench.RandomWeights(Blocks, 7);
        for (var l = 0; l < 8 * Blocks; l++) lb.Host.Enqueue(l & 1, new HostOp(true, lb.Driver.HpaOf(l), Words(w, l)));
        lb.Run();
        for (var l = 0; l < 8 * Blocks; l++) lb.Host.Enqueue(l & 1, new HostOp(false, lb.Driver.HpaOf(l)));
        lb.Run();
        lb.Drain();
        return (lb, w);
    }

    private static void AssertReadBack(LinkBench lb, byte[] w)
    {
        var reads = lb.Host.Done.Where(d => !d.Write).ToList();
        Assert.Equal(8 * Blocks, reads.Count);
        Assert.Equal(8 * Blocks, lb.Host.Done.Count(d => d.Write && d.Opcode == CxlOpcodes.Cmp));
        foreach (var r in reads)
        {
            Assert.Equal(CxlOpcodes.MemData, r.Opcode);
            Assert.Equal(Words(w, (int)r.Hpa), r.Data);   // HDM base 0, one way: HPA line = DPA line
        }
    }

    [Fact]
    public void Ample_credits_never_stall_and_data_round_trips()
    {
        var (lb, w) = WriteThenRead(LinkConfig.X16);
        AssertReadBack(lb, w);
        Assert.Equal(0, lb.Host.CreditStallCycles);
        Assert.Equal(0, lb.DrsCreditStalls + lb.NdrCreditStalls);
        Assert.True(lb.Link.Idle);
        Assert.Equal((LinkConfig.X16.ReqCredits, LinkConfig.X16.RwdCredits), (lb.Link.HostReqCredits, lb.Link.HostRwdCredits));
        Assert.Equal((LinkConfig.X16.DrsCredits, LinkConfig.X16.NdrCredits), (lb.Link.DeviceDrsCredits, lb.Link.DeviceNdrCredits));
    }

    [Fact]
    public void Exhausted_host_credits_stall_the_host_and_returns_resume_it()
    {
        // One credit per M2S channel: every request waits for the previous one's credit to come back over the link.
        var link = LinkConfig.X16 with { ReqCredits = 1, RwdCredits = 1 };
        var (lb, w) = WriteThenRead(link);
        AssertReadBack(lb, w);
        Assert.True(lb.Host.CreditStallCycles > 0);
        var reads = lb.Host.Done.Where(d => !d.Write).OrderBy(d => d.Issue).ToList();
        // Each issue waits a credit round trip: accepted by the device, returned in an S2M flit header (≥ 1 + latency).
        for (var i = 1; i < reads.Count; i++) Assert.True(reads[i].Issue - reads[i - 1].Issue >= 1 + lb.Link.S2M.LatencyCycles);
        Assert.Equal((1, 1), (lb.Link.HostReqCredits, lb.Link.HostRwdCredits));
    }

    [Fact]
    public void Exhausted_device_credits_hold_responses_in_the_device_until_returned()
    {
        var link = LinkConfig.X16 with { DrsCredits = 2, NdrCredits = 1 };
        var (lb, w) = WriteThenRead(link);
        AssertReadBack(lb, w);
        Assert.True(lb.DrsCreditStalls > 0, "DRS never waited for a credit");
        Assert.True(lb.NdrCreditStalls > 0, "NDR never waited for a credit");
        Assert.Equal((2, 1), (lb.Link.DeviceDrsCredits, lb.Link.DeviceNdrCredits));
        // With 2 DRS credits at most 2 read responses are between the device and the host at any time: the reads
        // complete no faster than 2 per credit round trip.
        var reads = lb.Host.Done.Where(d => !d.Write).OrderBy(d => d.Done).ToList();
        var roundTrip = 2 + lb.Link.S2M.LatencyCycles + lb.Link.M2S.LatencyCycles;
        for (var i = 2; i < reads.Count; i++) Assert.True(reads[i].Done - reads[i - 2].Done >= roundTrip, $"reads {i - 2} and {i}");
    }

    [Fact]
    public void A_transmitter_that_overruns_the_receivers_credits_is_caught()
    {
        var link = new CxlLink(LinkConfig.X16 with { DrsCredits = 1 }, 0.8333, 1_200_000);
        link.DeviceSend(new LinkMessage(LinkChannel.Drs, 0, 0, 0, new ulong[8]));
        Assert.Throws<InvalidOperationException>(() => link.DeviceSend(new LinkMessage(LinkChannel.Drs, 1, 0, 0, new ulong[8])));
        Assert.Throws<ArgumentException>(() => new CxlLink(LinkConfig.X16 with { Lanes = 3 }, 0.8333, 1_200_000));
    }
}
