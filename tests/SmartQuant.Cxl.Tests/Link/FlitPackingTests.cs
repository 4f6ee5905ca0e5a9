using SmartQuant.Models.Cxl.Link;

namespace SmartQuant.Cxl.Tests.Link;

/// <summary>Flit packing of known message mixes (docs/cxl-link.md, "Packing").</summary>
public class FlitPackingTests
{
    private static readonly ulong[] Payload = new ulong[8];

    private static LinkMessage Drs(int tag) => new(LinkChannel.Drs, tag, 0, 0, Payload);
    private static LinkMessage Ndr(int tag) => new(LinkChannel.Ndr, tag, 0);
    private static LinkMessage Req(int tag) => new(LinkChannel.Req, tag, 1, tag);
    private static LinkMessage Rwd(int tag) => new(LinkChannel.Rwd, tag, 1, tag, Payload);

    private static List<Flit> PackAll(LinkDirection d, IEnumerable<LinkMessage> msgs, int maxData = 4)
    {
        var p = new FlitPacker(d, maxData);
        foreach (var m in msgs) p.Enqueue(m);
        var flits = new List<Flit>();
        while (p.Pack(default) is { } f) flits.Add(f);
        return flits;
    }

    [Fact]
    public void Eight_read_responses_take_nine_flits_two_headers_per_header_slot()
    {
        var flits = PackAll(LinkDirection.S2M, Enumerable.Range(0, 8).Select(Drs));
        // Protocol flit: H5 (2 DRS headers) + 3 data chunks; then all-data flits while 4+ chunks wait.
        Assert.Equal(9, flits.Count);
        Assert.Equal(5, flits.Count(f => f.AllData));
        Assert.Equal(["H5", "data", "data", "data"], flits[0].Formats);
        Assert.Equal(32, flits.Sum(f => f.DataSlots));
        Assert.Equal(4, flits.Sum(f => f.HeaderSlots));
        Assert.Equal(Enumerable.Range(0, 8), flits.SelectMany(f => f.Delivered).Select(m => m.Tag));
    }

    [Fact]
    public void Ten_completions_fit_one_flit()
    {
        var flits = PackAll(LinkDirection.S2M, Enumerable.Range(0, 10).Select(Ndr));
        var f = Assert.Single(flits);
        Assert.Equal(["H4", "G5", "G5", "G5"], f.Formats);   // 2 + 3 + 3 + 2 NDR
        Assert.Equal(10, f.Delivered.Count);
    }

    [Fact]
    public void A_data_response_and_three_completions_share_header_slots()
    {
        var flits = PackAll(LinkDirection.S2M, [Drs(0), Ndr(1), Ndr(2), Ndr(3)]);
        Assert.Equal(2, flits.Count);
        Assert.Equal(["H3", "data", "data", "data"], flits[0].Formats);   // DRS + NDR, then the DRS's data
        Assert.Equal(["H4", "data", "empty", "empty"], flits[1].Formats);  // 2 NDR, the last chunk
        Assert.Equal([1, 2, 3, 0], flits.SelectMany(f => f.Delivered).Select(m => m.Tag));
    }

    [Fact]
    public void Requests_go_one_per_slot_four_per_flit()
    {
        var flits = PackAll(LinkDirection.M2S, Enumerable.Range(0, 10).Select(Req));
        Assert.Equal([4, 4, 2], flits.Select(f => f.Headers.Count));
        Assert.Equal(["H-Req", "G-Req", "G-Req", "G-Req"], flits[0].Formats);
        Assert.All(flits, f => Assert.False(f.AllData));
    }

    [Fact]
    public void Writes_carry_one_header_and_their_data()
    {
        var flits = PackAll(LinkDirection.M2S, [Rwd(0), Rwd(1)]);
        Assert.Equal(3, flits.Count);
        Assert.Equal(["H-RwD", "data", "data", "data"], flits[0].Formats);
        Assert.Equal(["H-RwD", "data", "data", "data"], flits[1].Formats);
        Assert.Equal(["H-empty", "data", "data", "empty"], flits[2].Formats);
    }

    [Fact]
    public void Credits_ride_in_protocol_flits_and_alone_when_nothing_else_waits()
    {
        var p = new FlitPacker(LinkDirection.M2S, 4);
        var f = p.Pack(new CreditReturn(0, 8, 2));
        Assert.NotNull(f);
        Assert.Equal(new CreditReturn(0, 8, 2), f.Credits);
        Assert.Empty(f.Headers);
        Assert.Null(p.Pack(default));
        Assert.Equal([0, 1, 2, 2, 4, 4, 32, 64, 64], new[] { 0, 1, 2, 3, 4, 7, 63, 64, 1000 }.Select(CreditReturn.Encode));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 2)]
    [InlineData(2, 3)]
    public void Random_mixes_keep_order_count_and_the_rollover_limit(int maxData, int seed)
    {
        var rng = new Random(seed);
        foreach (var d in new[] { LinkDirection.S2M, LinkDirection.M2S })
        {
            var msgs = Enumerable.Range(0, 300).Select(t => d == LinkDirection.S2M
                ? rng.Next(2) == 0 ? Drs(t) : Ndr(t)
                : rng.Next(2) == 0 ? Req(t) : Rwd(t)).ToList();
            var p = new FlitPacker(d, maxData);
            var delivered = new List<LinkMessage>();
            var dataInFlight = 0;
            var fed = 0;
            while (fed < msgs.Count || !p.Idle)
            {
                for (var i = rng.Next(4); i > 0 && fed < msgs.Count; i--) p.Enqueue(msgs[fed++]);
                var f = p.Pack(default);
                if (f is null) continue;
                Assert.Equal(4, f.Slots.Length);
                if (f.AllData) Assert.All(f.Slots, s => Assert.Equal(SlotKind.Data, s));
                else Assert.NotEqual(SlotKind.Data, f.Slots[0]);
                dataInFlight += f.Headers.Count(m => m.HasData) - f.Delivered.Count(m => m.HasData);
                Assert.InRange(dataInFlight, 0, maxData);
                delivered.AddRange(f.Delivered);
            }
            Assert.Equal(msgs.Count, delivered.Count);
            foreach (var c in SlotFormats.Channels(d))
                Assert.Equal(msgs.Where(m => m.Channel == c).Select(m => m.Tag), delivered.Where(m => m.Channel == c).Select(m => m.Tag));
        }
    }
}
