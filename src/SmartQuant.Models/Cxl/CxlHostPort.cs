using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Cxl;

namespace SmartQuant.Models.Cxl;

/// <summary>A completed host transaction.</summary>
public sealed record HostResponse(int Tag, bool IsRead, int Opcode, byte[] Data, long IssueCycle, long DoneCycle, long Hpa, bool Poison = false);

/// <summary>
/// The host's M2S/S2M channels, one cycle at a time: queued MemRd/MemWr go out in program order per channel with
/// 16-bit tags (reused once completed) and random valid gaps, each only with a credit of its channel (the device's
/// input buffer entries, advertised at reset as <see cref="CxlStoreConfig.M2sCredits"/>, back one per credit return);
/// DRS/NDR responses are collected by tag and their credits returned to the device one per cycle, randomly held back
/// (<see cref="Backpressure"/>). <see cref="Drive"/> sets a cycle's inputs, <see cref="Observe"/> reads that cycle's
/// outputs, so the same port serves the golden bench and the lockstep driver (which observes one cycle late).
/// </summary>
public sealed class CxlHostPort
{
    private readonly CxlStorePorts _p;
    private readonly Random _rng;
    private readonly Queue<(bool Write, long Hpa, int Opcode, ulong[]? Data, ulong Be, bool Poison)> _pending = new();
    private readonly Dictionary<int, (bool Write, long Issue, long Hpa)> _outstanding = [];
    private readonly Queue<int> _freeTags = new();
    private (int Tag, long Hpa, int Opcode, ulong[]? Data, ulong Be, bool Poison)? _req, _rwd;
    // M2S credits the host holds (negative after a deliberate overrun: those messages never return theirs), S2M
    // credits it owes the device (messages received, credit not yet returned)
    private int _reqCredits, _rwdCredits, _ndrOwed, _drsOwed;
    private bool _sentReq, _sentRwd;

    public CxlHostPort(CxlStorePorts ports, CxlStoreConfig cfg, int seed = 1, int tags = 1 << 16)
    {
        _p = ports;
        _rng = new Random(seed);
        for (var t = 0; t < tags; t++) _freeTags.Enqueue(t);
        _reqCredits = _rwdCredits = cfg.M2sCredits;
    }

    public List<HostResponse> Done { get; } = [];
    /// <summary>Probability that the host leaves a channel idle in a cycle.</summary>
    public double Gap { get; set; }
    /// <summary>Probability that the host holds back an S2M credit return in a cycle (its receive buffer drains slowly).</summary>
    public double Backpressure { get; set; }
    /// <summary>A misbehaving host: sends M2S messages whether or not it holds a credit (credit-overrun test).</summary>
    public bool IgnoreCredits { get; set; }
    /// <summary>M2S messages sent while the host held no credit of their channel.</summary>
    public long SentWithoutCredit { get; private set; }
    public (int Req, int Rwd) Credits => (_reqCredits, _rwdCredits);
    /// <summary>Cycles in which a channel had a message to send and no credit for it.</summary>
    public long CreditStallCycles { get; private set; }
    /// <summary>Cycles in which the host owed the device an S2M credit and held it back.</summary>
    public long CreditsHeldBack { get; private set; }
    public int Outstanding => _outstanding.Count;
    public int Pending => _pending.Count;
    public bool Idle => _pending.Count == 0 && _outstanding.Count == 0 && _req is null && _rwd is null;
    /// <summary>Every queued message has been sent (some may still be outstanding).</summary>
    public bool AllSent => _pending.Count == 0 && _req is null && _rwd is null;

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
        var drsReturn = _drsOwed > 0 && !(Backpressure > 0 && _rng.NextDouble() < Backpressure);
        var ndrReturn = _ndrOwed > 0 && !(Backpressure > 0 && _rng.NextDouble() < Backpressure);
        if (_req is not null && _reqCredits <= 0 || _rwd is not null && _rwdCredits <= 0) CreditStallCycles++;
        // only with a credit, unless misbehaving
        showReq &= _reqCredits > 0 || IgnoreCredits;
        showRwd &= _rwdCredits > 0 || IgnoreCredits;
        // a message is sent when shown: the credit is spent now (Observe completes the send)
        if (showReq) { if (_reqCredits <= 0) SentWithoutCredit++; _reqCredits--; }
        if (showRwd) { if (_rwdCredits <= 0) SentWithoutCredit++; _rwdCredits--; }
        if (drsReturn) _drsOwed--;
        if (ndrReturn) _ndrOwed--;
        if (_drsOwed > 0 && !drsReturn || _ndrOwed > 0 && !ndrReturn) CreditsHeldBack++;
        (_sentReq, _sentRwd) = (showReq, showRwd);
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
        i[p.Drs.CreditReturn] = drsReturn ? 1UL : 0;
        i[p.Ndr.CreditReturn] = ndrReturn ? 1UL : 0;
    }

    /// <summary>
    /// The cycle with inputs <paramref name="i"/> and outputs <paramref name="o"/> (<paramref name="now"/> is its
    /// number): messages sent, credits returned, responses received. A message sent without a credit may have been
    /// dropped by the device (a credit overrun); it stays outstanding until <see cref="Abandon"/>.
    /// </summary>
    public void Observe(PortValues i, PortValues o, long now)
    {
        var p = _p;
        if (o[p.Req.CreditReturn] != 0) _reqCredits++;
        if (o[p.Rwd.CreditReturn] != 0) _rwdCredits++;
        if (_sentReq && i[p.Req.Valid] != 0)
        {
            var r = _req!.Value;
            if (r.Opcode == CxlOpcodes.MemSpecRd) _freeTags.Enqueue(r.Tag);
            else _outstanding[r.Tag] = (r.Opcode is not (CxlOpcodes.MemRd or CxlOpcodes.MemRdData), now, r.Hpa);
            _req = null;
        }
        if (_sentRwd && i[p.Rwd.Valid] != 0)
        {
            var r = _rwd!.Value;
            _outstanding[r.Tag] = (true, now, r.Hpa);
            _rwd = null;
        }
        (_sentReq, _sentRwd) = (false, false);
        if (o[p.Drs.Valid] != 0) { _drsOwed++; Complete((int)o[p.Drs.Tag], true, (int)o[p.Drs.Opcode], Line.ToBytes(o.GetWide(p.Drs.Data)), now, o[p.Drs.Poison] != 0); }
        if (o[p.Ndr.Valid] != 0) { _ndrOwed++; Complete((int)o[p.Ndr.Tag], false, (int)o[p.Ndr.Opcode], [], now, false); }
    }

    /// <summary>Gives up on every outstanding transaction (after a credit overrun dropped some): their tags are freed
    /// and returned; the caller decides which of them the device answered.</summary>
    public IReadOnlyList<(int Tag, bool Write, long Hpa)> Abandon()
    {
        var gone = _outstanding.Select(kv => (kv.Key, kv.Value.Write, kv.Value.Hpa)).ToList();
        foreach (var g in gone) { _outstanding.Remove(g.Key); _freeTags.Enqueue(g.Key); }
        return gone;
    }

    /// <summary>
    /// Sets the M2S credits back to the advertised count once the device's buffers are empty and no credit return is
    /// in flight: the dropped messages' credits never come back, and a receiver overflow is an uncorrectable error
    /// whose recovery (a reset of the link, which advertises the credits again) is what this stands in for.
    /// </summary>
    public void ResyncCredits(CxlStoreConfig cfg) => _reqCredits = _rwdCredits = cfg.M2sCredits;

    private void Complete(int tag, bool drs, int opcode, byte[] data, long now, bool poison)
    {
        if (!_outstanding.Remove(tag, out var o)) throw new InvalidOperationException($"response for tag {tag} that is not outstanding");
        if (drs == o.Write) throw new InvalidOperationException($"tag {tag}: {(drs ? "DRS" : "NDR")} for a {(o.Write ? "write" : "read")}");
        Done.Add(new HostResponse(tag, drs, opcode, data, o.Issue, now, o.Hpa, poison));
        _freeTags.Enqueue(tag);
    }
}
