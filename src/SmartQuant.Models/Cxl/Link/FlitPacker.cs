namespace SmartQuant.Models.Cxl.Link;

/// <summary>
/// The transmit side of one link direction: messages waiting per channel (already holding a receiver credit) are
/// packed into 68-byte flits, one flit per offered flit slot (docs/cxl-link.md, "Packing"):
/// <list type="number">
/// <item>Data chunks of headers already sent go first and in header order. With four or more waiting the flit is an
/// all-data flit (CXL 2.0 §4.2.3: four 16-byte data chunks, no header).</item>
/// <item>Otherwise a protocol flit: slot 0 is a header slot; each of slots 1–3 takes a waiting data chunk, else a
/// generic header slot, else stays empty. A slot takes the format that places the most waiting headers.</item>
/// <item>A data header (RwD, DRS) is only sent while fewer than <see cref="LinkConfig.MaxDataInFlight"/> data
/// messages have their header sent and data not (the rollover limit).</item>
/// <item>The flit header returns freed credits (<see cref="CreditReturn"/>); a flit is sent just for credits when
/// nothing else waits.</item>
/// </list>
/// </summary>
public sealed class FlitPacker(LinkDirection direction, int maxDataInFlight)
{
    private readonly Dictionary<LinkChannel, Queue<LinkMessage>> _waiting = SlotFormats.Channels(direction).ToDictionary(c => c, _ => new Queue<LinkMessage>());
    private readonly Queue<(LinkMessage Msg, int Left)> _data = new();
    private int _dataChunks;

    public LinkDirection Direction { get; } = direction;
    public int Waiting => _waiting.Values.Sum(q => q.Count);
    public int DataChunksWaiting => _dataChunks;
    public bool Idle => Waiting == 0 && _dataChunks == 0;

    public void Enqueue(LinkMessage m)
    {
        if (!_waiting.TryGetValue(m.Channel, out var q)) throw new ArgumentException($"{m.Channel} does not travel {Direction}");
        if (m.HasData && m.Data is not { Length: 8 }) throw new ArgumentException($"{m.Channel} message tag {m.Tag} needs a 64-byte payload");
        q.Enqueue(m);
    }

    /// <summary>Packs the next flit; <paramref name="credits"/> are the credits the flit would return (taken only by a
    /// protocol flit, so the caller subtracts <see cref="Flit.Credits"/>). Null when there is nothing to send.</summary>
    public Flit? Pack(CreditReturn credits)
    {
        if (Idle && !credits.Any) return null;
        var slots = new SlotKind[4];
        var formats = new string[4];
        var headers = new List<LinkMessage>();
        var delivered = new List<LinkMessage>();
        if (_dataChunks >= 4)
        {
            for (var s = 0; s < 4; s++) { slots[s] = SlotKind.Data; formats[s] = "data"; TakeChunk(delivered); }
            return new Flit(true, slots, formats, headers, delivered, default);
        }
        for (var s = 0; s < 4; s++)
        {
            if (s > 0 && _dataChunks > 0) { slots[s] = SlotKind.Data; formats[s] = "data"; TakeChunk(delivered); continue; }
            var f = Best(s == 0);
            if (f is null) { slots[s] = SlotKind.Empty; formats[s] = s == 0 ? "H-empty" : "empty"; continue; }
            slots[s] = SlotKind.Header;
            formats[s] = f.Name;
            Place(LinkChannel.Drs, f.Drs, headers, delivered);
            Place(LinkChannel.Ndr, f.Ndr, headers, delivered);
            Place(LinkChannel.Req, f.Req, headers, delivered);
            Place(LinkChannel.Rwd, f.Rwd, headers, delivered);
        }
        return new Flit(false, slots, formats, headers, delivered, credits);
    }

    private int Count(LinkChannel c) => _waiting.TryGetValue(c, out var q) ? q.Count : 0;

    /// <summary>The format of this slot kind that places the most waiting headers (first listed on a tie), or null.</summary>
    private SlotFormats.Format? Best(bool headerSlot)
    {
        var dataRoom = maxDataInFlight - _data.Count;
        SlotFormats.Format? best = null;
        var bestN = 0;
        foreach (var f in SlotFormats.Of(Direction, headerSlot))
        {
            var ndr = Math.Min(f.Ndr, Count(LinkChannel.Ndr));
            var req = Math.Min(f.Req, Count(LinkChannel.Req));
            var drs = Math.Min(Math.Min(f.Drs, Count(LinkChannel.Drs)), dataRoom);
            var rwd = Math.Min(Math.Min(f.Rwd, Count(LinkChannel.Rwd)), dataRoom - drs);
            var n = ndr + req + drs + rwd;
            if (n > bestN) (best, bestN) = (f with { Drs = drs, Ndr = ndr, Req = req, Rwd = rwd }, n);
        }
        return best;
    }

    private void Place(LinkChannel c, int n, List<LinkMessage> headers, List<LinkMessage> delivered)
    {
        for (var i = 0; i < n; i++)
        {
            var m = _waiting[c].Dequeue();
            headers.Add(m);
            if (m.HasData) { _data.Enqueue((m, LinkMessage.DataChunks)); _dataChunks += LinkMessage.DataChunks; }
            else delivered.Add(m);
        }
    }

    private void TakeChunk(List<LinkMessage> delivered)
    {
        var (m, left) = _data.Dequeue();
        _dataChunks--;
        if (left > 1) { _data.Enqueue((m, left - 1)); RotateBack(); }
        else delivered.Add(m);
    }

    /// <summary>Keeps the head message at the front after re-queuing its remaining chunks (chunks go in header order).</summary>
    private void RotateBack()
    {
        for (var i = 0; i < _data.Count - 1; i++) _data.Enqueue(_data.Dequeue());
    }
}
