using SmartQuant.Hw.Cxl;

namespace SmartQuant.Models.Cxl.Link;

/// <summary>One host transaction of a stream: a MemRd, or a MemWr with its 64-byte line.</summary>
public sealed record HostOp(bool Write, long Hpa, ulong[]? Data = null);

/// <summary>A completed host transaction: which stream, when it was handed to the link and when its response arrived.</summary>
public sealed record HostCompletion(int Stream, bool Write, int Opcode, long Hpa, long Issue, long Done, ulong[]? Data)
{
    public long Latency => Done - Issue;
}

/// <summary>
/// The host behind the link: several streams (cores or DMA engines), each a queue of transactions in program order.
/// Every cycle it hands up to <see cref="LinkConfig.HostIssuePerCycle"/> messages to the link, round robin over the
/// streams (so their requests interleave), while fewer than <see cref="LinkConfig.HostOutstanding"/> are in flight
/// and the link holds a credit for the message's channel; a stream whose head has no credit waits. Tags are 16 bits,
/// reused once their response has arrived.
/// </summary>
public sealed class LinkHost
{
    private readonly List<Queue<HostOp>> _streams = [];
    private readonly Dictionary<int, (int Stream, bool Write, long Issue, long Hpa)> _outstanding = [];
    private readonly Queue<int> _freeTags = new();
    private readonly LinkConfig _cfg;
    private int _next;

    public LinkHost(LinkConfig cfg)
    {
        _cfg = cfg;
        for (var t = 0; t < 1 << 16; t++) _freeTags.Enqueue(t);
    }

    public List<HostCompletion> Done { get; } = [];
    public int Outstanding => _outstanding.Count;
    public long FirstIssue { get; private set; } = -1;
    public long LastDone { get; private set; } = -1;
    /// <summary>Cycles in which a stream had a message to send but its channel had no credit.</summary>
    public long CreditStallCycles { get; private set; }
    public bool Idle => _outstanding.Count == 0 && _streams.All(s => s.Count == 0);

    /// <summary>Appends <paramref name="op"/> to stream <paramref name="stream"/> (streams are created on demand).</summary>
    public void Enqueue(int stream, HostOp op)
    {
        while (_streams.Count <= stream) _streams.Add(new Queue<HostOp>());
        _streams[stream].Enqueue(op);
    }

    /// <summary>Hands this cycle's messages to <paramref name="link"/>.</summary>
    public void Issue(long now, CxlLink link)
    {
        var n = _streams.Count;
        var stalled = false;
        for (int issued = 0, tried = 0; issued < _cfg.HostIssuePerCycle && tried < n && _outstanding.Count < _cfg.HostOutstanding; tried++)
        {
            var s = _next;
            _next = (_next + 1) % n;
            if (_streams[s].Count == 0) continue;
            var op = _streams[s].Peek();
            var channel = op.Write ? LinkChannel.Rwd : LinkChannel.Req;
            if (!link.HostCanSend(channel)) { stalled = true; continue; }
            var tag = _freeTags.Dequeue();
            var sent = link.HostSend(op.Write
                ? new LinkMessage(LinkChannel.Rwd, tag, CxlOpcodes.MemWr, op.Hpa, op.Data)
                : new LinkMessage(LinkChannel.Req, tag, CxlOpcodes.MemRd, op.Hpa));
            if (!sent) throw new InvalidOperationException("credit vanished");
            _streams[s].Dequeue();
            _outstanding[tag] = (s, op.Write, now, op.Hpa);
            if (FirstIssue < 0) FirstIssue = now;
            issued++;
            tried = -1; // a full round again after every issue, up to the per-cycle limit
            n = _streams.Count;
        }
        if (stalled) CreditStallCycles++;
    }

    /// <summary>An S2M message arrived in cycle <paramref name="now"/>.</summary>
    public void Receive(LinkMessage m, long now)
    {
        if (!_outstanding.Remove(m.Tag, out var o)) throw new InvalidOperationException($"response for tag {m.Tag} that is not outstanding");
        if ((m.Channel == LinkChannel.Drs) == o.Write) throw new InvalidOperationException($"tag {m.Tag}: {m.Channel} for a {(o.Write ? "write" : "read")}");
        Done.Add(new HostCompletion(o.Stream, o.Write, m.Opcode, o.Hpa, o.Issue, now, m.Data));
        _freeTags.Enqueue(m.Tag);
        LastDone = now;
    }
}
