namespace SmartQuant.Models.Cxl.Link;

/// <summary>
/// Both directions of the CXL.mem link with credit-based flow control per channel (CXL 2.0 §4.2.2, docs/cxl-link.md):
/// each receiver advertises its buffer size as credits at reset; a transmitter sends a message only while it holds a
/// credit of that channel; the receiver frees the credit when the message leaves its buffer and returns it in the
/// header of a later flit of the opposite direction. Device receive buffers (M2S Req, RwD) hold what the device's
/// ports have not accepted yet; the host sinks S2M messages on arrival. A transmitter that overruns the receiver's
/// credits is a bug of the model and throws.
/// </summary>
public sealed class CxlLink
{
    private readonly Queue<LinkMessage> _reqRx = new(), _rwdRx = new();
    private CreditReturn _deviceFreed, _hostFreed; // returned in S2M resp. M2S flit headers

    public CxlLink(LinkConfig cfg, double cycleNs, long deviceKHz)
    {
        cfg.Validate();
        Config = cfg;
        var (num, den) = cfg.FlitsPerCycle(deviceKHz);
        var lat = cfg.LatencyCycles(cycleNs);
        M2S = new LinkPipe(LinkDirection.M2S, new LinkClock(num, den), lat, cfg.MaxDataInFlight);
        S2M = new LinkPipe(LinkDirection.S2M, new LinkClock(num, den), lat, cfg.MaxDataInFlight);
        HostReqCredits = cfg.ReqCredits;
        HostRwdCredits = cfg.RwdCredits;
        DeviceDrsCredits = cfg.DrsCredits;
        DeviceNdrCredits = cfg.NdrCredits;
    }

    public LinkConfig Config { get; }
    public LinkPipe M2S { get; }
    public LinkPipe S2M { get; }
    /// <summary>Credits the host holds for the device's Req / RwD buffers.</summary>
    public int HostReqCredits { get; private set; }
    public int HostRwdCredits { get; private set; }
    /// <summary>Credits the device holds for the host's DRS / NDR buffers.</summary>
    public int DeviceDrsCredits { get; private set; }
    public int DeviceNdrCredits { get; private set; }
    public int DeviceReqBuffered => _reqRx.Count;
    public int DeviceRwdBuffered => _rwdRx.Count;
    public LinkMessage? DeviceReqHead => _reqRx.Count > 0 ? _reqRx.Peek() : null;
    public LinkMessage? DeviceRwdHead => _rwdRx.Count > 0 ? _rwdRx.Peek() : null;
    public bool Idle => M2S.Idle && S2M.Idle && _reqRx.Count == 0 && _rwdRx.Count == 0 && !_deviceFreed.Any && !_hostFreed.Any;

    /// <summary>Start of cycle <paramref name="now"/>: delivers arrived flits; S2M messages go to <paramref name="host"/>.</summary>
    public void Deliver(long now, Action<LinkMessage> host)
    {
        foreach (var f in M2S.Arrivals(now))
        {
            foreach (var m in f.Delivered)
            {
                var (q, cap) = m.Channel == LinkChannel.Req ? (_reqRx, Config.ReqCredits) : (_rwdRx, Config.RwdCredits);
                q.Enqueue(m);
                if (q.Count > cap) throw new InvalidOperationException($"M2S {m.Channel} overran the device's {cap} credits");
            }
            DeviceDrsCredits += f.Credits.Data;
            DeviceNdrCredits += f.Credits.Rsp;
        }
        foreach (var f in S2M.Arrivals(now))
        {
            foreach (var m in f.Delivered)
            {
                host(m);
                _hostFreed = m.Channel == LinkChannel.Drs ? _hostFreed with { Data = _hostFreed.Data + 1 } : _hostFreed with { Rsp = _hostFreed.Rsp + 1 };
            }
            HostReqCredits += f.Credits.Req;
            HostRwdCredits += f.Credits.Data;
        }
        if (DeviceDrsCredits > Config.DrsCredits || DeviceNdrCredits > Config.NdrCredits || HostReqCredits > Config.ReqCredits || HostRwdCredits > Config.RwdCredits)
            throw new InvalidOperationException("a credit was returned twice");
    }

    /// <summary>Host transmit: true (and the credit is spent) when the host holds a credit for the message's channel.</summary>
    public bool HostSend(LinkMessage m)
    {
        if (m.Channel == LinkChannel.Req) { if (HostReqCredits == 0) return false; HostReqCredits--; }
        else if (m.Channel == LinkChannel.Rwd) { if (HostRwdCredits == 0) return false; HostRwdCredits--; }
        else throw new ArgumentException($"the host does not send {m.Channel}");
        M2S.Packer.Enqueue(m);
        return true;
    }

    public bool HostCanSend(LinkChannel c) => c == LinkChannel.Req ? HostReqCredits > 0 : HostRwdCredits > 0;

    /// <summary>The device's port accepted the head of its Req / RwD buffer: the buffer entry's credit is freed.</summary>
    public LinkMessage DeviceAccept(LinkChannel c)
    {
        if (c == LinkChannel.Req) { _deviceFreed = _deviceFreed with { Req = _deviceFreed.Req + 1 }; return _reqRx.Dequeue(); }
        _deviceFreed = _deviceFreed with { Data = _deviceFreed.Data + 1 };
        return _rwdRx.Dequeue();
    }

    /// <summary>Device transmit of a DRS/NDR (its port's ready was the credit check).</summary>
    public void DeviceSend(LinkMessage m)
    {
        if (m.Channel == LinkChannel.Drs) { if (DeviceDrsCredits == 0) throw new InvalidOperationException("DRS sent without a credit"); DeviceDrsCredits--; }
        else if (m.Channel == LinkChannel.Ndr) { if (DeviceNdrCredits == 0) throw new InvalidOperationException("NDR sent without a credit"); DeviceNdrCredits--; }
        else throw new ArgumentException($"the device does not send {m.Channel}");
        S2M.Packer.Enqueue(m);
    }

    /// <summary>End of cycle <paramref name="now"/>: both directions fill their flit slots; freed credits ride along.</summary>
    public void Transmit(long now)
    {
        M2S.Transmit(now, ref _hostFreed);
        S2M.Transmit(now, ref _deviceFreed);
    }
}
