using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Cxl;

namespace SmartQuant.Models.Cxl;

public sealed partial class CxlStoreModel
{
    private enum Ev { ReadRequest, WriteRequest, DramRead, DramWrite, BytesReturned, BufferHit, BufferMiss, DrsFire, NdrFire, Nxm, LowWrite, BadWrite, OverrunReq, OverrunRwd }

    /// <summary>Each counter's event, decoded once (the per-cycle loop must not compare strings).</summary>
    private static (Ev Event, int Region) EventOf(CounterDef c) => c.Event switch
    {
        CxlCounters.DramReadBursts => (Ev.DramRead, -1),
        CxlCounters.DramWriteBursts => (Ev.DramWrite, -1),
        CxlCounters.BytesReturned => (Ev.BytesReturned, -1),
        CxlCounters.BufferHits => (Ev.BufferHit, -1),
        CxlCounters.BufferMisses => (Ev.BufferMiss, -1),
        CxlCounters.ReadsCompleted or CxlCounters.LatencySum or CxlCounters.LatencyMax => (Ev.DrsFire, -1),
        CxlCounters.WritesCompleted => (Ev.NdrFire, -1),
        CxlCounters.ErrorsNxm => (Ev.Nxm, -1),
        CxlCounters.ErrorsLowPrecisionWrite => (Ev.LowWrite, -1),
        CxlCounters.ErrorsUnsupported => (Ev.BadWrite, -1),
        CxlCounters.ErrorsCreditOverrunReq => (Ev.OverrunReq, -1),
        CxlCounters.ErrorsCreditOverrunRwd => (Ev.OverrunRwd, -1),
        CxlCounters.ReadRequests => (Ev.ReadRequest, c.Region ?? throw new InvalidOperationException($"{c.Name}: a request counter needs a region")),
        CxlCounters.WriteRequests => (Ev.WriteRequest, c.Region ?? throw new InvalidOperationException($"{c.Name}: a request counter needs a region")),
        _ => throw new InvalidOperationException(c.Name),
    };

    /// <summary>Everything decided combinationally in one cycle (outputs and the clock-edge actions).</summary>
    private sealed class Cycle
    {
        public bool ReqReady, RwdReady, ReqOverrun, RwdOverrun, PickReq, PickRwd, Accept, PopReq, PopRwd, HdmInRange;
        public long HdmDpa;
        /// <summary>Per front-end stage: it takes the message before it at the edge.</summary>
        public readonly bool[] Advance = new bool[FrontStages];
        public AliasHit A, LookupAlias;
        public bool ReadOk, LookupHit, NxmOk, PassOk, CombinerOk, FeCmp, FeCmpGo, CombinerCmpGo, PassCmpGo, LowWrite, BadWrite;
        public int Target, FreeIdx;
        public bool Allocate, NewWide;
        public bool CombinerStart, CombinerMerge, CombinerGranted, CombinerFlushing, CombinerFlushEnd, CombinerOffer, PassMerge;
        /// <summary>The accept stage's byte enables in force: all ones for MemWr, the port's for MemWrPtl.</summary>
        public ulong Be;
        public int CombinerTarget, CombinerCand, CombinerCmpIdx;
        public bool MemValid, MemWrite, CombinerMem, PassMem, FetchMem;
        public long MemAddr;
        public int MemId;
        /// <summary>The DRAM request's metadata: the poison mask a write stores (0 on reads).</summary>
        public int MemMeta;
        public ulong[] MemWdata = Line.New();
        public bool Serve, LoadNxm, LoadServe, Move1;
        public int SEntry, SLine;
        public bool RspFill;
        public int RspSub, RspSlot;
    }

    private Cycle Decide(PortValues i)
    {
        var d = new Cycle();
        // input buffers: a message is taken while its buffer has room; one on a full buffer overran the credits
        d.ReqReady = !_reqIn.Full;
        d.RwdReady = !_rwdIn.Full;
        d.ReqOverrun = i[_p.Req.Valid] != 0 && !d.ReqReady;
        d.RwdOverrun = i[_p.Rwd.Valid] != 0 && !d.RwdReady;

        // pick a FIFO head and HDM-decode it (loaded into the first front-end stage at the edge)
        var reqV = _reqIn.Count > 0;
        var rwdV = _rwdIn.Count > 0;
        d.PickRwd = rwdV && (!reqV || _prioRwd);
        d.PickReq = reqV && !d.PickRwd;
        if (d.PickRwd || d.PickReq) (d.HdmInRange, d.HdmDpa) = Hdm(d.PickRwd ? _rwdIn.Head.Hpa : _reqIn.Head.Hpa);

        // accept stage: the last front-end stage's message, its alias decoded two stages earlier
        var acc = Acc;
        var isReqMsg = acc.Valid && !acc.Rwd;
        var isRwdMsg = acc.Valid && acc.Rwd;
        var a = d.A = acc.Alias;
        var mapped = acc.InRange && a.Hit;
        var pass = a.Format == (int)RegionFormat.Passthrough;
        var isRead = acc.Opcode is CxlOpcodes.MemRd or CxlOpcodes.MemRdData;
        var isSpec = acc.Opcode == CxlOpcodes.MemSpecRd;
        var rdBuffer = isReqMsg && isRead && mapped;
        var nxmRead = isReqMsg && isRead && !mapped;
        var reqCmp = isReqMsg && !isRead && !isSpec;
        // MemWr writes every byte; MemWrPtl the bytes it enables, and with none enabled nothing (an error Cmp below)
        d.Be = acc.Opcode == CxlOpcodes.MemWr ? ulong.MaxValue : acc.Be;
        var isWr = acc.Opcode == CxlOpcodes.MemWr || (acc.Opcode == CxlOpcodes.MemWrPtl && d.Be != 0);
        var combinerWrite = isRwdMsg && isWr && mapped && a.FullPrecision;
        var passWrite = isRwdMsg && isWr && mapped && pass;
        d.LowWrite = isRwdMsg && isWr && mapped && !a.FullPrecision && !pass;
        d.BadWrite = isRwdMsg && !(isWr && mapped);
        d.FeCmp = reqCmp || d.LowWrite || d.BadWrite;

        // block buffer lookup
        var hitIdx = -1;
        for (var e = 0; e < _entries.Length && hitIdx < 0; e++)
        {
            var en = _entries[e];
            if (en.Valid && en.Phys == a.PhysLine && en.K == a.K && en.Format == a.Format && en.Round == a.Round) hitIdx = e;
        }
        d.LookupHit = hitIdx >= 0;
        d.NewWide = a.Planes > CxlStoreConfig.HalfPlanes;
        // (only a read that misses uses the victim: skipped otherwise, the per-cycle loop is hot)
        var (canAlloc, allocIdx) = rdBuffer && hitIdx < 0 ? Victim(d.NewWide) : (false, _entries.Length - 1);
        d.FreeIdx = allocIdx;
        var canAccept = d.LookupHit ? !_entries[hitIdx].Pend[a.Line] : canAlloc;
        d.Target = d.LookupHit ? hitIdx : d.FreeIdx;

        // write combining (docs/cxl-store.md, "Write ingest"): the collecting combiner of the block, else an empty one
        var combiners = _combiners;
        int matchIdx = -1, emptyIdx = -1, cmpIdx = -1;
        bool anyBusy = false, anyFull = false, hazardHit = false, flushing = false;
        for (var c = 0; c < combiners.Length; c++)
        {
            var w = combiners[c];
            var same = w.Phys == a.PhysLine;
            if (w.Collecting && w.NonEmpty && same && matchIdx < 0) matchIdx = c;
            if (w.Collecting && !w.NonEmpty && emptyIdx < 0) emptyIdx = c;
            if (w.State == WriteCombiner.Complete && cmpIdx < 0) cmpIdx = c;
            anyBusy |= !w.Collecting;
            anyFull |= w.Collecting && w.Full;
            hazardHit |= w.NonEmpty && same;
            flushing |= w.State == WriteCombiner.Flush;
        }
        var matched = matchIdx >= 0;
        var lineSet = matched && ((combiners[matchIdx].Mask >> a.Line) & 1) != 0;
        bool IdleOut(int c) => combiners[c].Idle == _cfg.FlushIdleCycles;
        var wrCanAccept = matched ? !lineSet && !IdleOut(matchIdx) : emptyIdx >= 0;
        d.CombinerTarget = matched ? matchIdx : emptyIdx < 0 ? 0 : emptyIdx;
        d.CombinerOffer = combinerWrite;
        var repeat = combinerWrite && lineSet;
        var evict = combinerWrite && !matched && emptyIdx < 0 && !anyBusy && !anyFull;
        var hazard = rdBuffer && !pass && hazardHit;
        var cand = -1;
        for (var c = 0; c < combiners.Length && cand < 0; c++)
        {
            var w = combiners[c];
            var trig = w.Full || IdleOut(c) || (hazard && w.Phys == a.PhysLine) || (repeat && c == matchIdx) || (evict && c == 0);
            if (w.Collecting && w.NonEmpty && trig) cand = c;
        }
        d.CombinerCand = cand < 0 ? 0 : cand;
        var candPhys = combiners[d.CombinerCand].Phys;
        var busyMatch = false;
        foreach (var en in _entries) busyMatch |= en.Valid && en.Busy && en.Phys == candPhys;
        d.CombinerFlushing = flushing;
        d.CombinerCmpIdx = cmpIdx < 0 ? 0 : cmpIdx;

        d.ReadOk = rdBuffer && !hazard && canAccept;
        d.Allocate = d.ReadOk && !d.LookupHit;
        d.CombinerOk = combinerWrite && wrCanAccept;

        // NDR pushes
        var wcCmpValid = cmpIdx >= 0;
        var q = !_ndrQueue.Full;
        d.CombinerCmpGo = wcCmpValid && q;
        d.PassCmpGo = _passIssued && q && !wcCmpValid;
        d.FeCmpGo = d.FeCmp && q && !wcCmpValid && !_passIssued;

        d.NxmOk = nxmRead && !_nxmValid;
        d.PassOk = passWrite && !_passValid;
        d.Accept = d.ReadOk || d.NxmOk || (isReqMsg && isSpec) || d.FeCmpGo || d.CombinerOk || d.PassOk;
        AdvanceFrontEnd(d);

        // DRAM request port: write-combining flush, passthrough write, plane fetch
        d.CombinerMem = flushing && (_flPhase == 0 || _flPhase == 2);
        // a partial passthrough write reads its line first (phase 0), waits for it (1), then writes the merged line (2)
        var passWant = _passValid && !_passIssued && _passPhase != PassWait;
        d.PassMem = passWant && !d.CombinerMem;
        var fetchValid = _fetchQueue.Count > 0;
        d.FetchMem = fetchValid && !d.CombinerMem && !passWant;
        d.MemValid = d.CombinerMem || d.PassMem || d.FetchMem;
        var pw = _cfg.PhysLineBits;
        var topId = 1 << (_cfg.MemIdBits - 1);
        if (d.CombinerMem)
        {
            var f = combiners[_flIdx];
            d.MemAddr = (f.Phys + _flSlot) & Mask(pw);
            d.MemId = topId | _flSlot;
            d.MemWrite = _flPhase == 2;
            if (d.MemWrite)
            {
                for (var l = 0; l < 8; l++) d.MemWdata[l] = f.Chunks[_flSlot, l];
                // the block's poison mask: poisoned lines set, clean whole lines cleared, the rest as the plane read brought it
                var whole = 0;
                for (var l = 0; l < 8; l++) if (f.Be[l] == ulong.MaxValue) whole |= 1 << l;
                d.MemMeta = (f.Poison & f.Mask) | (_flMeta & ~(f.Mask & whole) & 0xFF);
            }
        }
        else if (d.PassMem)
        {
            d.MemAddr = _passLine;
            d.MemWrite = _passPhase == PassWrite;
            d.MemId = d.MemWrite ? topId : PassReadId;
            if (d.MemWrite) { _passData.CopyTo(d.MemWdata, 0); d.MemMeta = _passMeta; }
        }
        else if (d.FetchMem)
        {
            var head = _fetchQueue.Head;
            d.MemAddr = (_entries[head].Phys + _issueSlot) & Mask(pw);
            d.MemId = (head << _cfg.SlotBits) | (_issueSlot & 7);
        }
        d.MemAddr = Swizzle(d.MemAddr, pw);
        var memReady = i[_p.MemReq.Ready] != 0;
        d.CombinerGranted = d.CombinerMem && memReady;
        // the flush engine takes the next block in the cycle the last plane write of the current one is granted
        d.CombinerFlushEnd = d.CombinerGranted && _flPhase == 2 && _flSlot == _cfg.Planes - 1;
        d.CombinerStart = cand >= 0 && (!flushing || d.CombinerFlushEnd) && !busyMatch;

        // DRAM responses
        var rspValid = i[_p.MemRsp.Valid] != 0;
        var rspWrite = i[_p.MemRsp.Write] != 0;
        var rspId = (int)i[_p.MemRsp.Id];
        var rspRmw = (rspId & topId) != 0;
        d.RspFill = rspValid && !rspWrite && !rspRmw;
        d.RspSub = (rspId >> _cfg.SlotBits) & (_cfg.SubEntries - 1);
        d.RspSlot = rspId & (_cfg.Planes - 1);
        // read data for the flush engine ({1, 0, slot}) or for the passthrough merge ({1, 1, 0}: PassReadId)
        d.CombinerMerge = flushing && _flPhase == 1 && rspValid && !rspWrite && rspRmw && ((rspId >> _cfg.SlotBits) & (_cfg.SubEntries - 1)) == 0;
        d.PassMerge = _passValid && _passPhase == PassWait && rspValid && !rspWrite && rspId == PassReadId;

        // serve and DRS
        var ready = -1;
        for (var e = 0; e < _entries.Length && ready < 0; e++)
            if (_entries[e].Remaining == 0 && _entries[e].AnyPend) ready = e;
        var anyReady = ready >= 0 && _gatherWait == 0;
        d.SEntry = ready < 0 ? _entries.Length - 1 : ready;
        var sl = Array.IndexOf(_entries[d.SEntry].Pend, true);
        d.SLine = sl < 0 ? 7 : sl;
        // the serve pipeline (choice → sv1 → sv2 → DRS register): a stage takes the one before it when it is empty or
        // moves on in the same cycle; the answer to a read of no memory goes first
        var drsFree = !_drsValid || _drsCredits > 0;
        d.LoadNxm = _nxmValid && drsFree;
        d.LoadServe = _sv2.Valid && drsFree && !_nxmValid;
        d.Move1 = _sv1.Valid && (!_sv2.Valid || d.LoadServe);
        d.Serve = anyReady && (!_sv1.Valid || d.Move1);
        return d;
    }

    /// <summary>DRAM id of a partial passthrough write's read: {rmw, sub-entry 1, slot 0}, apart from the flush engine's
    /// reads {rmw, 0, slot} and from plane fetches {0, sub-entry, slot}.</summary>
    private int PassReadId => (1 << (_cfg.MemIdBits - 1)) | (1 << _cfg.SlotBits);

    /// <summary>
    /// Where a missing block goes (docs/cxl-store.md, "Many streams"): a place is a free sub-entry (a block of more than
    /// 4 planes needs a free even sub-entry and its free partner; a half cannot be taken while a wide block in its
    /// entry is busy). First the lowest place whose blocks are all dead; if there is none while some busy block is
    /// dying, or while a place with dead blocks is only held by the serve pipeline's first stage, wait for it;
    /// otherwise the place allocated last if it is one, else the lowest place.
    /// </summary>
    private (bool Ok, int Idx) Victim(bool newWide)
    {
        var en = _entries;
        var n = en.Length;
        // the entry whose planes the serve pipeline's first stage is about to read takes no new block (either half)
        var held = _sv1.Valid ? _sv1.Sub >> 1 : -1;
        bool Free(int i) => i % 2 == 0
            ? !en[i].Busy && (!newWide || !en[i + 1].Busy)
            : !newWide && !en[i].Busy && !(en[i - 1].Busy && en[i - 1].Wide);
        bool Place(int i) => i >> 1 != held && Free(i);
        bool PlaceDead(int i) => i % 2 == 0
            ? en[i].Dead && (!newWide || en[i + 1].Dead)
            : en[i].Dead && (!en[i - 1].Wide || en[i - 1].Dead);
        int deadIdx = -1, placeIdx = -1;
        var anyDying = false;
        for (var i = 0; i < n; i++)
        {
            if (Place(i))
            {
                if (placeIdx < 0) placeIdx = i;
                if (deadIdx < 0 && PlaceDead(i)) deadIdx = i;
            }
            anyDying |= en[i].Dying;
        }
        // a dead place that only the sv1 hold keeps out becomes a place as soon as sv1 moves on (as a dying block dies
        // once its pending lines are served): wait for it rather than evict a live block (docs/cxl-store.md, "Many streams")
        var heldDead = held >= 0 && ((Free(2 * held) && PlaceDead(2 * held)) || (Free(2 * held + 1) && PlaceDead(2 * held + 1)));
        var idx = deadIdx >= 0 ? deadIdx : Place(_lastAlloc) ? _lastAlloc : placeIdx < 0 ? n - 1 : placeIdx;
        return (deadIdx >= 0 || (!anyDying && !heldDead && placeIdx >= 0), idx);
    }

    /// <summary>Physical line → DRAM line: line bits 7..3 XOR the 5-bit XOR-fold of the bits above (contract, "Many streams").</summary>
    private static long Swizzle(long line, int bits)
    {
        long fold = 0;
        for (var lo = 8; lo < bits; lo += 5) fold ^= (line >> lo) & 31 & Mask(Math.Min(5, bits - lo));
        return line ^ (fold << 3);
    }

    public void Tick(PortValues i)
    {
        // Evaluate already decided this cycle when the inputs are unchanged (the lockstep engine's order).
        var d = _decided is not null && i.Words.AsSpan(0, _decidedInputs.Length).SequenceEqual(_decidedInputs) ? _decided : Decide(i);
        _decided = null;
        var a = d.A;
        var memReady = i[_p.MemReq.Ready] != 0;
        var memFire = d.MemValid && memReady;
        var drsFire = DrsFire;
        var ndrFire = NdrFire;
        var latency = (_now - _drsTs) & 0xFFFF;
        var writeAccepted = d.CombinerOk || d.PassOk || (d.LowWrite && d.FeCmpGo);

        // counters (all from the values before the edge)
        for (var ci = 0; ci < _counterDefs.Count; ci++)
        {
            var c = _counterDefs[ci];
            var ev = _counterEvents[ci] switch
            {
                Ev.DramRead => memFire && !d.MemWrite,
                Ev.DramWrite => memFire && d.MemWrite,
                Ev.BytesReturned => drsFire && !_drsNxm,
                Ev.BufferHit => d.ReadOk && d.LookupHit,
                Ev.BufferMiss => d.ReadOk && !d.LookupHit,
                Ev.DrsFire => drsFire,
                Ev.NdrFire => ndrFire,
                Ev.Nxm => d.NxmOk,
                Ev.LowWrite => d.LowWrite && d.FeCmpGo,
                Ev.BadWrite => d.BadWrite && d.FeCmpGo,
                Ev.OverrunReq => d.ReqOverrun,
                Ev.OverrunRwd => d.RwdOverrun,
                Ev.ReadRequest => d.ReadOk && a.Region == _counterRegion[ci],
                _ => writeAccepted && a.Region == _counterRegion[ci],
            };
            if (!ev) continue;
            ref var v = ref _counters[c.Index];
            v = c.Kind switch
            {
                CounterKind.Count => (v + 1) & Mask(c.Width),
                CounterKind.AddLine => (v + CxlStoreConfig.LineBytes) & Mask(c.Width),
                CounterKind.AddValue => (v + latency) & Mask(c.Width),
                _ => Math.Max(v, latency),
            };
        }

        // register port
        if (i[_p.Regs.WrValid] != 0)
        {
            var addr = (int)i[_p.Regs.WrAddr];
            var data = (long)i[_p.Regs.WrData];
            var locked = _hdmCommitted && ((_hdmCtrl >> CxlRegisters.HdmLockOnCommitBit) & 1) != 0;
            if (!locked)
                switch (addr)
                {
                    case CxlRegisters.HdmBase: _hdmBase = data & Mask(CxlStoreConfig.HpaLineBits); break;
                    case CxlRegisters.HdmSize: _hdmSize = data & Mask(CxlStoreConfig.HpaLineBits); break;
                    case CxlRegisters.HdmCtrl:
                        _hdmCtrl = data & 0x3FF;
                        var commit = ((data >> CxlRegisters.HdmCommitBit) & 1) != 0;
                        _hdmCommitted = commit && HdmLegal(data);
                        _hdmError = commit && !HdmLegal(data);
                        break;
                }
            for (var r = 0; r < _cfg.Regions; r++)
            {
                if (addr == CxlRegisters.Region(r, 0)) _rBase[r] = data & Mask(_cfg.DpaLineBits);
                if (addr == CxlRegisters.Region(r, 1)) _rLimit[r] = data & Mask(_cfg.DpaLineBits);
                if (addr == CxlRegisters.Region(r, 2)) _rPhys[r] = data & Mask(_cfg.PhysLineBits);
                if (addr == CxlRegisters.Region(r, 3)) _rCtrl[r] = data & 0xFF;
            }
        }

        TickRas(d, i);
        _ndrCredits = NextCredits(_ndrCredits, ndrFire, i[_p.Ndr.CreditReturn] != 0);
        _drsCredits = NextCredits(_drsCredits, drsFire, i[_p.Drs.CreditReturn] != 0);
        TickTop(d, i, memReady, a, drsFire, ndrFire);   // reads the served entry before the read path changes it
        TickReadPath(d, i, memReady);        // reads the write path's block before it changes
        TickWritePath(d, i);
        TickFrontEnd(d, i);                  // after the stages above have used the accept stage's message
        _now = (_now + 1) & 0xFFFF;
    }
}
