using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Cxl;

namespace SmartQuant.Models.Cxl;

/// <summary>A completed host transaction.</summary>
public sealed record HostResponse(int Tag, bool IsRead, int Opcode, byte[] Data, long IssueCycle, long DoneCycle, long Hpa, bool Poison = false);

/// <summary>
/// The host's M2S/S2M channels, one cycle at a time: queued MemRd/MemWr go out in program order per channel with
/// 16-bit tags (reused once completed), random valid gaps and ready back-pressure, and DRS/NDR responses are
/// collected by tag. <see cref="Drive"/> sets a cycle's inputs, <see cref="Observe"/> reads that cycle's
/// handshakes, so the same port serves the golden bench and the lockstep driver (which observes one cycle late).
/// </summary>
public sealed class CxlHostPort
{
    private readonly CxlStorePorts _p;
    private readonly Random _rng;
    private readonly Queue<(bool Write, long Hpa, int Opcode, ulong[]? Data, ulong Be, bool Poison)> _pending = new();
    private readonly Dictionary<int, (bool Write, long Issue, long Hpa)> _outstanding = [];
    private readonly Queue<int> _freeTags = new();
    private (int Tag, long Hpa, int Opcode, ulong[]? Data, ulong Be, bool Poison)? _req, _rwd;

    public CxlHostPort(CxlStorePorts ports, int seed = 1, int tags = 1 << 16)
    {
        _p = ports;
        _rng = new Random(seed);
        for (var t = 0; t < tags; t++) _freeTags.Enqueue(t);
    }

    public List<HostResponse> Done { get; } = [];
    /// <summary>Probability that the host leaves a channel idle / not ready in a cycle.</summary>
    public double Gap { get; set; }
    public double Backpressure { get; set; }
    public int Outstanding => _outstanding.Count;
    public int Pending => _pending.Count;
    public bool Idle => _pending.Count == 0 && _outstanding.Count == 0 && _req is null && _rwd is null;

    /// <param name="be">A write's byte enables (bit i = byte i), sent on the RwD channel; MemWr ignores them.</param>
    /// <param name="poison">The write's RwD Poison bit (its data is known bad).</param>
    public void Enqueue(bool write, long hpaLine, int opcode, byte[]? data, ulong be = ulong.MaxValue, bool poison = false) =>
        _pending.Enqueue((write, hpaLine, opcode, data is null ? null : Line.FromBytes(data), be, poison));

    /// <summary>Sets this cycle's M2S channels and S2M readies.</summary>
    public void Drive(PortValues i)
    {
        // Fill the two channel slots in program order per channel (reads and writes are independent channels).
        while ((_req is null || _rwd is null) && _pending.Count > 0 && _freeTags.Count > 0)
        {
            var next = _pending.Peek();
            if (next.Write ? _rwd is not null : _req is not null) break;
            _pending.Dequeue();
            var tag = _freeTags.Dequeue();
            if (next.Write) _rwd = (tag, next.Hpa, next.Opcode, next.Data, next.Be, next.Poison);
            else _req = (tag, next.Hpa, next.Opcode, null, 0, false);
        }
        var showReq = _req is not null && !(Gap > 0 && _rng.NextDouble() < Gap);
        var showRwd = _rwd is not null && !(Gap > 0 && _rng.NextDouble() < Gap);
        var drsReady = !(Backpressure > 0 && _rng.NextDouble() < Backpressure);
        var ndrReady = !(Backpressure > 0 && _rng.NextDouble() < Backpressure);
        var p = _p;
        i[p.Req.Valid] = showReq ? 1UL : 0;
        i[p.Req.Opcode] = showReq ? (ulong)_req!.Value.Opcode : 0;
        i[p.Req.Tag] = showReq ? (ulong)_req!.Value.Tag : 0;
        i[p.Req.Addr] = showReq ? (ulong)_req!.Value.Hpa << 1 : 0;
        i[p.Req.SnpType] = 0;
        i[p.Req.MetaField] = showReq ? (ulong)CxlOpcodes.MetaFieldNoOp : 0;
        i[p.Rwd.Valid] = showRwd ? 1UL : 0;
        i[p.Rwd.Opcode] = showRwd ? (ulong)_rwd!.Value.Opcode : 0;
        i[p.Rwd.Tag] = showRwd ? (ulong)_rwd!.Value.Tag : 0;
        i[p.Rwd.Addr] = showRwd ? (ulong)_rwd!.Value.Hpa : 0;
        i[p.Rwd.MetaField] = showRwd ? (ulong)CxlOpcodes.MetaFieldNoOp : 0;
        i.SetWide(p.Rwd.Data, showRwd ? _rwd!.Value.Data! : Line.Zero);
        i[p.Rwd.ByteEnable] = showRwd ? _rwd!.Value.Be : 0;
        i[p.Rwd.Poison] = showRwd && _rwd!.Value.Poison ? 1UL : 0;
        i[p.Drs.Ready] = drsReady ? 1UL : 0;
        i[p.Ndr.Ready] = ndrReady ? 1UL : 0;
    }

    /// <summary>Handshakes of the cycle with inputs <paramref name="i"/> and outputs <paramref name="o"/>; <paramref name="now"/> is its number.</summary>
    public void Observe(PortValues i, PortValues o, long now)
    {
        var p = _p;
        if (i[p.Req.Valid] != 0 && o[p.Req.Ready] != 0)
        {
            var r = _req!.Value;
            if (r.Opcode == CxlOpcodes.MemSpecRd) _freeTags.Enqueue(r.Tag);
            else _outstanding[r.Tag] = (r.Opcode is not (CxlOpcodes.MemRd or CxlOpcodes.MemRdData), now, r.Hpa);
            _req = null;
        }
        if (i[p.Rwd.Valid] != 0 && o[p.Rwd.Ready] != 0)
        {
            var r = _rwd!.Value;
            _outstanding[r.Tag] = (true, now, r.Hpa);
            _rwd = null;
        }
        if (o[p.Drs.Valid] != 0 && i[p.Drs.Ready] != 0) Complete((int)o[p.Drs.Tag], true, (int)o[p.Drs.Opcode], Line.ToBytes(o.GetWide(p.Drs.Data)), now, o[p.Drs.Poison] != 0);
        if (o[p.Ndr.Valid] != 0 && i[p.Ndr.Ready] != 0) Complete((int)o[p.Ndr.Tag], false, (int)o[p.Ndr.Opcode], [], now, false);
    }

    private void Complete(int tag, bool drs, int opcode, byte[] data, long now, bool poison)
    {
        if (!_outstanding.Remove(tag, out var o)) throw new InvalidOperationException($"response for tag {tag} that is not outstanding");
        if (drs == o.Write) throw new InvalidOperationException($"tag {tag}: {(drs ? "DRS" : "NDR")} for a {(o.Write ? "write" : "read")}");
        Done.Add(new HostResponse(tag, drs, opcode, data, o.Issue, now, o.Hpa, poison));
        _freeTags.Enqueue(tag);
    }
}
