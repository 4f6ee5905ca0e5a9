namespace SmartQuant.Models.Cxl.Link;

/// <summary>Flit counters of one link direction.</summary>
public sealed class LinkPipeStats
{
    /// <summary>Flit slots the link offered (sent or idle).</summary>
    public long Slots { get; internal set; }
    public long Flits { get; internal set; }
    public long AllDataFlits { get; internal set; }
    /// <summary>Protocol flits with no header and no data: sent only to return credits.</summary>
    public long CreditOnlyFlits { get; internal set; }
    public long HeaderSlots { get; internal set; }
    public long DataSlots { get; internal set; }
    public long EmptySlots { get; internal set; }
    public long Messages { get; internal set; }
    public long Bytes => Flits * LinkConfig.FlitBytes;
}

/// <summary>
/// One direction of the link: a <see cref="FlitPacker"/> fed by the transmitter, a <see cref="LinkClock"/> offering
/// flit slots, and the flits in flight. A flit packed at the end of cycle c is usable by the receiver from cycle
/// c + 1 + latency (serialization is the slot rate itself).
/// </summary>
public sealed class LinkPipe(LinkDirection direction, LinkClock clock, int latencyCycles, int maxDataInFlight)
{
    private readonly Queue<(long Arrive, Flit Flit)> _flight = new();

    public LinkDirection Direction { get; } = direction;
    public FlitPacker Packer { get; } = new(direction, maxDataInFlight);
    public LinkClock Clock { get; } = clock;
    public int LatencyCycles { get; } = latencyCycles;
    public LinkPipeStats Stats { get; } = new();
    public bool Idle => Packer.Idle && _flight.Count == 0;
    /// <summary>Observer of every flit sent (tests, traces).</summary>
    public Action<long, Flit>? OnFlit { get; set; }

    /// <summary>Flits arriving at the receiver in cycle <paramref name="now"/>.</summary>
    public IEnumerable<Flit> Arrivals(long now)
    {
        while (_flight.Count > 0 && _flight.Peek().Arrive <= now) yield return _flight.Dequeue().Flit;
    }

    /// <summary>End of cycle <paramref name="now"/>: fills this cycle's flit slots. <paramref name="credits"/> is
    /// what the near receiver has freed; the credits actually returned are subtracted from it.</summary>
    public void Transmit(long now, ref CreditReturn credits)
    {
        var slots = Clock.Tick();
        Stats.Slots += slots;
        for (var s = 0; s < slots; s++)
        {
            var offer = new CreditReturn(CreditReturn.Encode(credits.Req), CreditReturn.Encode(credits.Data), CreditReturn.Encode(credits.Rsp));
            var f = Packer.Pack(offer);
            if (f is null) return;
            credits = new CreditReturn(credits.Req - f.Credits.Req, credits.Data - f.Credits.Data, credits.Rsp - f.Credits.Rsp);
            Stats.Flits++;
            if (f.AllData) Stats.AllDataFlits++;
            else if (f.HeaderSlots == 0 && f.DataSlots == 0) Stats.CreditOnlyFlits++;
            Stats.HeaderSlots += f.HeaderSlots;
            Stats.DataSlots += f.DataSlots;
            Stats.EmptySlots += f.Slots.Count(x => x == SlotKind.Empty);
            Stats.Messages += f.Headers.Count;
            _flight.Enqueue((now + 1 + LatencyCycles, f));
            OnFlit?.Invoke(now, f);
        }
    }
}
