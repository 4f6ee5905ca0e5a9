using SmartQuant.Hdl;
using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Cxl;
using SmartQuant.Models.Cxl;

namespace SmartQuant.Sim.Drivers.Cxl;

/// <summary>
/// Lockstep stimulus for cxl-store: a script of host steps played through a <see cref="CxlHostPort"/>, and the test
/// bench's DRAM (<see cref="CxlMemPort"/>) answering the memory port. Both react to the RTL's outputs of the previous
/// cycle; the golden model sees the same inputs, so RTL and golden only stay in step if their memory requests agree
/// every cycle (the engine compares them). Every completed read is checked against <see cref="CxlReference"/> (the
/// quantization core's k-bit view), and the register read address sweeps the counters, the HDM registers and the RAS
/// capability so the compare covers them.
/// </summary>
public sealed class CxlStoreDriver : IStimulusDriver
{
    /// <summary>Cycles a drain may wait before the run is declared hung (RTL and golden deadlocked alike).</summary>
    public const int DrainLimit = 100_000;
    private const int QueueAhead = 16;

    private readonly CxlStorePorts _p;
    private readonly CxlMemPort _mem;
    private readonly CxlHostPort _host;
    private readonly CxlReference _ref;
    private readonly int _nxmOpcode;
    private readonly IEnumerator<CxlStep> _script;
    private readonly Queue<(int Addr, ulong Data)> _regWrites = new();
    private readonly int _counters;
    private readonly CxlStoreConfig _cfg;
    private bool _draining;
    private int _idleLeft, _drainIdle;
    private long _drainStart;
    // credit overrun: writes applied to the reference only once acknowledged, the abandon wait, the overrun counters
    // as last read through the register port
    private readonly Dictionary<long, CxlWrite> _unconfirmed = [];
    private int _abandonWait = -1;
    private readonly int _overrunReqAddr, _overrunRwdAddr;
    private long _overrunReqSeen, _overrunRwdSeen, _overrunCounted;
    // the RAS capability's words as last read (docs/cxl-store.md, "RAS capability"): checked and cleared after a burst
    private readonly ulong[] _rasSeen = new ulong[CxlRas.Words];

    public CxlStoreDriver(CxlStoreConfig cfg, CxlStorePorts ports, ulong seed, CxlReference reference, IEnumerable<CxlStep> script, int tags)
    {
        _p = ports;
        var s = (int)(seed ^ (seed >> 32));
        _mem = new CxlMemPort(ports, seed: s ^ 0x3e3);
        _host = new CxlHostPort(ports, cfg, s ^ 0x4057, tags);
        _ref = reference;
        _nxmOpcode = cfg.HasMemDataNxm ? CxlOpcodes.MemDataNxm : CxlOpcodes.MemData;
        _script = script.GetEnumerator();
        _counters = CxlCounters.Events(cfg).Count;
        _cfg = cfg;
        _overrunReqAddr = CxlRegisters.CounterBase + CxlCounters.IndexOf(cfg, CxlCounters.ErrorsCreditOverrunReq);
        _overrunRwdAddr = CxlRegisters.CounterBase + CxlCounters.IndexOf(cfg, CxlCounters.ErrorsCreditOverrunRwd);
        // Software's first act, as a driver's probe: unmask every uncorrectable error (the spec's reset masks them all),
        // so an overrun is logged; the low half of the word is the W1C status, 0 clears nothing.
        _regWrites.Enqueue((CxlRas.UncorrectableWord, 0));
    }

    public long ReadsChecked { get; private set; }
    /// <summary>Reads checked that came back with DRS Poison (and were expected to).</summary>
    public long PoisonedReads { get; private set; }
    public long NxmChecked { get; private set; }
    public long WritesCompleted { get; private set; }
    public long Programs { get; private set; }
    /// <summary>The longest a transaction waited for its response, and which one (what bounds a scenario's drain waits).</summary>
    public long MaxLatency { get; private set; }
    public string MaxLatencyAt { get; private set; } = "";
    /// <summary>Messages a misbehaving host sent that the device dropped (checked against its overrun counters).</summary>
    public long Dropped { get; private set; }
    /// <summary>Writes among the dropped messages, and writes of misbehaving bursts the device acknowledged (stored).</summary>
    public long DroppedWrites { get; private set; }
    public long OverrunWritesAcknowledged { get; private set; }
    /// <summary>Bursts whose RAS header log was checked against the dropped messages (and then cleared).</summary>
    public long RasLogsChecked { get; private set; }
    /// <summary>The host's credit-flow figures: M2S messages sent without a credit, cycles waiting for an M2S credit.</summary>
    public long SentWithoutCredit => _host.SentWithoutCredit;
    public long HostCreditStalls => _host.CreditStallCycles;
    /// <summary>Cycles in which the host held back an S2M credit it owed.</summary>
    public long CreditsHeldBack => _host.CreditsHeldBack;

    public void Drive(long cycle, PortValues inputs, PortValues outputs)
    {
        if (cycle > 0)
        {
            var rd = (int)inputs[_p.Regs.RdAddr];   // the previous cycle's register read
            if (rd == _overrunReqAddr) _overrunReqSeen = (long)outputs[_p.Regs.RdData];
            if (rd == _overrunRwdAddr) _overrunRwdSeen = (long)outputs[_p.Regs.RdData];
            if (rd >= CxlRas.Base && rd < CxlRas.Base + CxlRas.Words) _rasSeen[rd - CxlRas.Base] = outputs[_p.Regs.RdData];
            _mem.Complete(inputs, outputs);
            _host.Observe(inputs, outputs, cycle - 1);
            CheckCompleted(cycle - 1);
        }
        inputs[_p.Regs.WrValid] = 0;
        Advance(cycle, inputs);
        _mem.Drive(inputs);
        _host.Drive(inputs);
        // every counter, the HDM registers (base, size, control with Committed) and the RAS capability's words in turn
        var sweep = (int)(cycle % (_counters + 3 + CxlRas.Words));
        inputs[_p.Regs.RdAddr] = (ulong)(sweep < _counters ? CxlRegisters.CounterBase + sweep
            : sweep < _counters + 3 ? sweep - _counters : CxlRas.Base + sweep - _counters - 3);
    }

    private void Advance(long cycle, PortValues inputs)
    {
        while (true)
        {
            if (_regWrites.TryDequeue(out var w))
            {
                inputs[_p.Regs.WrValid] = 1;
                inputs[_p.Regs.WrAddr] = (ulong)w.Addr;
                inputs[_p.Regs.WrData] = w.Data;
                return;
            }
            if (_draining)
            {
                if (!_host.Idle)
                {
                    if (cycle - _drainStart > DrainLimit)
                        throw new HdlException($"cxl-store: {_host.Outstanding} transactions still outstanding {DrainLimit} cycles after cycle {_drainStart} (hang in RTL and golden model alike)");
                    return;
                }
                _draining = false;
                _ref.Commit();
                _idleLeft = _drainIdle;
            }
            if (_abandonWait >= 0)
            {
                if (!_host.AllSent) return;
                if (_abandonWait-- > 0) return;
                Abandon(cycle);
            }
            if (_idleLeft > 0) { _idleLeft--; return; }
            if (_host.Pending >= QueueAhead || !_script.MoveNext()) return;
            switch (_script.Current)
            {
                case CxlProgram p:
                    if (!_host.Idle) throw new InvalidOperationException("scenario bug: program registers only after a drain");
                    _ref.Program(p.Hdm, p.SizeLines, p.Regions);
                    foreach (var rw in CxlHostDriver.ProgramWrites(p.Hdm.BaseLine, p.SizeLines, p.Regions, p.Hdm.Ig, p.Hdm.Iw)) _regWrites.Enqueue(rw);
                    Programs++;
                    break;
                case CxlRead r: _host.Enqueue(false, r.Hpa, r.Opcode, null); break;
                case CxlWrite wr:
                    // a write of a misbehaving burst may be dropped: it reaches the reference only when acknowledged
                    if (!_host.IgnoreCredits) Apply(wr);
                    else if (!_unconfirmed.TryAdd(wr.Hpa, wr)) throw new InvalidOperationException("scenario bug: a line written twice in a misbehaving burst");
                    _host.Enqueue(true, wr.Hpa, wr.Opcode, wr.Data, wr.Be, wr.Poison);
                    break;
                case CxlDrain d: (_draining, _drainIdle, _drainStart) = (true, d.IdleCycles, cycle); break;
                case CxlStalls st: (_host.Gap, _host.Backpressure, _mem.Stall) = (st.Gap, st.Backpressure, st.Memory); break;
                case CxlMisbehave m: _host.IgnoreCredits = m.On; break;
                case CxlAbandon a: _abandonWait = a.WaitCycles; return;
            }
        }
    }

    /// <summary>
    /// Every response against the reference: data and DRS Poison of reads (poisoned where a poisoned host line's weights
    /// are carried, docs/cxl-store.md "Poison"), where nothing decodes all-ones data with
    /// Poison and the opcode of the claimed protocol version (MemData-NXM from CXL 3.0, MemData under 2.0), Cmp for writes.
    /// </summary>
    private void CheckCompleted(long cycle)
    {
        foreach (var r in _host.Done)
        {
            if (r.DoneCycle - r.IssueCycle > MaxLatency) (MaxLatency, MaxLatencyAt) = (r.DoneCycle - r.IssueCycle, $"{(r.IsRead ? "read" : "write")} HPA 0x{r.Hpa:x} issued {r.IssueCycle}");
            if (!r.IsRead)
            {
                if (r.Opcode != CxlOpcodes.Cmp) Fail(cycle, r, $"NDR opcode {r.Opcode}, expected Cmp");
                // a write of a misbehaving burst is stored once the device acknowledges it
                if (_unconfirmed.Remove(r.Hpa, out var acked)) { Apply(acked); OverrunWritesAcknowledged++; }
                WritesCompleted++;
                continue;
            }
            switch (_ref.Check(r.Hpa, r.Data, r.Poison))
            {
                case null when r.Opcode == _nxmOpcode && r.Poison && r.Data.All(b => b == 0xFF): NxmChecked++; break;
                case null: Fail(cycle, r, $"DRS opcode {r.Opcode}, poison {r.Poison}, expected opcode {_nxmOpcode}, all ones, poisoned (no region decodes the address)"); break;
                case var _ when r.Opcode != CxlOpcodes.MemData: Fail(cycle, r, $"DRS opcode {r.Opcode}, expected MemData"); break;
                case false: Fail(cycle, r, $"data {Convert.ToHexString(r.Data)} with poison {r.Poison} is not the k-bit view's line and its poison"); break;
                default: ReadsChecked++; if (r.Poison) PoisonedReads++; break;
            }
        }
        _host.Done.Clear();
    }

    /// <summary>A write as the reference stores it (other RwD opcodes store nothing).</summary>
    private void Apply(CxlWrite wr)
    {
        if (wr.Opcode == CxlOpcodes.MemWr) _ref.Write(wr.Hpa, wr.Data, wr.Poison);
        else if (wr.Opcode == CxlOpcodes.MemWrPtl) _ref.WritePartial(wr.Hpa, wr.Data, wr.Be, wr.Poison);
    }

    /// <summary>
    /// Ends a misbehaving burst: the messages still unanswered were dropped; their number must be what the device's
    /// overrun counters added since the last burst, and the writes among them must never be stored. The RAS capability
    /// must show Receiver_Overflow exactly when something was dropped, pointed to by First_Error_Pointer with the header
    /// of one of the dropped messages logged; the driver then clears the status bit (W1C), which re-arms the log.
    /// </summary>
    private void Abandon(long cycle)
    {
        _abandonWait = -1;
        var gone = _host.Abandon();
        var counted = _overrunReqSeen + _overrunRwdSeen - _overrunCounted;
        if (counted != gone.Count)
            throw new HdlException($"cxl-store credit overrun at cycle {cycle}: {gone.Count} messages unanswered, the overrun counters counted {counted}");
        foreach (var g in gone.Where(g => g.Write))
            if (!_unconfirmed.Remove(g.Hpa)) throw new HdlException($"cxl-store credit overrun at cycle {cycle}: write to HPA line 0x{g.Hpa:x} unanswered but not in the burst");
        if (_unconfirmed.Count > 0) throw new HdlException($"cxl-store credit overrun at cycle {cycle}: {_unconfirmed.Count} writes neither acknowledged nor outstanding");
        CheckRas(cycle, gone);
        _overrunCounted += counted;
        Dropped += gone.Count;
        DroppedWrites += gone.Count(g => g.Write);
        _host.IgnoreCredits = false;
        _host.ResyncCredits(_cfg);
        _ref.Commit();
    }

    private void CheckRas(long cycle, IReadOnlyList<(int Tag, bool Write, long Hpa)> gone)
    {
        var status = (uint)_rasSeen[0];
        var overflow = ((status >> CxlRas.ReceiverOverflow) & 1) != 0;
        if (overflow != gone.Count > 0 || (status & ~(1u << CxlRas.ReceiverOverflow)) != 0)
            throw new HdlException($"cxl-store RAS at cycle {cycle}: {gone.Count} messages dropped, Uncorrectable Error Status 0x{status:x}");
        if (gone.Count == 0) return;
        var fep = (int)(_rasSeen[2] >> 32) & ((1 << CxlRas.FirstErrorPointerBits) - 1);
        var log = _rasSeen.AsSpan(3, CxlRas.HeaderLogWords);
        var rwd = (log[0] & 1) != 0;
        var tag = (int)(log[0] >> CxlRas.LogTag) & 0xFFFF;
        var hpa = (long)((log[0] >> CxlRas.LogHpa) | (log[1] << (64 - CxlRas.LogHpa))) & ((1L << CxlStoreConfig.HpaLineBits) - 1);
        if (fep != CxlRas.ReceiverOverflow || !gone.Contains((tag, rwd, hpa)))
            throw new HdlException($"cxl-store RAS at cycle {cycle}: First_Error_Pointer {fep}, header log {(rwd ? "RwD" : "Req")} tag {tag} HPA line 0x{hpa:x}: not one of the {gone.Count} dropped messages");
        RasLogsChecked++;
        // W1C Receiver_Overflow (the mask half of the word written back as read: 0, nothing masked)
        _regWrites.Enqueue((CxlRas.UncorrectableWord, (_rasSeen[0] & 0xFFFF_FFFF_0000_0000) | 1UL << CxlRas.ReceiverOverflow));
    }

    private void Fail(long cycle, HostResponse r, string what)
    {
        var d = _ref.Decode(r.Hpa);
        var where = d is { } x ? $"region dpa 0x{x.Region.DpaBase:x} k={x.Region.K} {x.Region.Format} round={x.Region.Round}, line {x.Offset}" : "no region";
        throw new HdlException($"cxl-store reference check failed at cycle {cycle}: tag {r.Tag} HPA line 0x{r.Hpa:x} ({where}): {what}");
    }
}
