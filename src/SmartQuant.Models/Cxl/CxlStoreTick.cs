using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Cxl;

namespace SmartQuant.Models.Cxl;

public sealed partial class CxlStoreModel
{
    private void TickTop(Cycle d, PortValues i, bool memReady, AliasHit a)
    {
        // NDR queue: one push (write-combining Cmp, passthrough Cmp, front-end Cmp), one pop
        var wcCmpValid = _wcState == 2;
        var pushValid = wcCmpValid || _passIssued || d.FeCmp;
        var pushTag = wcCmpValid ? _wcTags[WcCmpLine()] : _passIssued ? _passTag : _decTag;
        _ndrQueue.Step(pushValid, pushTag, i[_p.NdrReady] != 0);

        // passthrough write register
        var passGrant = d.PassMem && memReady;
        if (d.PassOk)
        {
            _passValid = true;
            _passLine = a.PhysLine;
            _passData = (ulong[])_decData.Clone();
            _passTag = _decTag;
        }
        else if (d.PassCmpGo) _passValid = false;
        if (passGrant) _passIssued = true;
        else if (d.PassCmpGo) _passIssued = false;

        // DRS register
        var loadNxm = d.LoadNxm;
        if (loadNxm)
        {
            _drsValid = true; _drsOpcode = CxlOpcodes.MemDataNxm; _drsTag = _nxmTag; _drsTs = _nxmTs; _drsData = Line.New();
        }
        else if (d.LoadServe)
        {
            var e = _entries[d.SEntry];
            _drsValid = true; _drsOpcode = CxlOpcodes.MemData; _drsTag = e.PendTag[d.SLine]; _drsTs = e.PendTs[d.SLine];
            _drsData = Gather(e, d.SLine);
        }
        else if (i[_p.DrsReady] != 0) _drsValid = false;

        if (d.NxmOk) { _nxmValid = true; _nxmTag = _decTag; _nxmTs = _decTs; }
        else if (loadNxm) _nxmValid = false;
    }

    /// <summary>Input FIFOs, arbitration and the decode register (RTL: req_in, rwd_in, prio_rwd, dec_*).</summary>
    private void TickFrontEnd(Cycle d, PortValues i)
    {
        if (d.PopReq || d.PopRwd)
        {
            var m = d.PopRwd ? _rwdIn.Head : _reqIn.Head;
            _decValid = true;
            _decRwd = d.PopRwd;
            _decOpcode = m.Opcode;
            _decTag = m.Tag;
            _decInRange = d.HdmInRange;
            _decDpa = d.HdmDpa;
            if (d.PopReq) _decTs = m.Ts;
            else _decData = m.Data!;
        }
        else if (d.Accept) _decValid = false;
        if (d.PopReq) _prioRwd = true;
        else if (d.PopRwd) _prioRwd = false;

        var reqPush = i[_p.ReqValid] != 0 && d.ReqReady;
        var rwdPush = i[_p.RwdValid] != 0 && d.RwdReady;
        _reqIn.Step(reqPush, reqPush ? new M2SMessage((int)i[_p.ReqOpcode], (int)i[_p.ReqTag], (long)(i[_p.ReqAddr] >> 1), _now, null) : default, d.PopReq);
        _rwdIn.Step(rwdPush, rwdPush ? new M2SMessage((int)i[_p.RwdOpcode], (int)i[_p.RwdTag], (long)i[_p.RwdAddr], 0, i.GetWide(_p.RwdData).ToArray()) : default, d.PopRwd);
    }

    private int WcCmpLine()
    {
        for (var l = 0; l < 8; l++) if (((_wcMask >> l) & 1) != 0) return l;
        return 7;
    }

    private void TickReadPath(Cycle d, PortValues i, bool memReady)
    {
        var a = d.A;
        // gather throughput
        if (d.Serve)
        {
            var e = _entries[d.SEntry];
            _gatherWait = e.Format == (int)RegionFormat.Packed ? _cfg.GatherCycles(Math.Clamp(e.K, 1, _cfg.Planes), true) - 1 : 0;
        }
        else if (_gatherWait != 0) _gatherWait--;

        // fetch issue
        var fetchGrant = d.FetchMem && memReady;
        var popFetch = false;
        if (fetchGrant)
        {
            var last = ((_issueSlot + 1) & 15) == _entries[_fetchQueue.Head].Planes;
            popFetch = last;
            _issueSlot = last ? 0 : (_issueSlot + 1) & 15;
        }
        _fetchQueue.Step(d.Allocate, d.FreeIdx, popFetch);

        // response fill: plane p of sub-entry 2e+h is memory p + 4h, the array the sub-entry's slot p refers to
        if (d.RspFill) i.GetWide(_p.MemRspData).CopyTo(_entries[d.RspSub].Slots[d.RspSlot]);

        // evictions by the other half read Wide before any sub-entry changes
        var evicted = new bool[_entries.Length];
        if (d.Allocate)
        {
            var f = d.FreeIdx;
            if (f % 2 == 1 && _entries[f - 1].Wide) evicted[f - 1] = true;
            if (f % 2 == 0 && d.NewWide) evicted[f + 1] = true;
            _lastAlloc = f;
        }
        for (var n = 0; n < _entries.Length; n++)
        {
            var e = _entries[n];
            var alloc = d.Allocate && d.FreeIdx == n;
            var filled = d.RspFill && d.RspSub == n;
            var served = d.Serve && d.SEntry == n;
            if (alloc) { e.Phys = a.PhysLine; e.K = a.K; e.Format = a.Format; e.Round = a.Round; e.Planes = a.Planes; }
            if (alloc) e.Valid = a.Format != (int)RegionFormat.Passthrough;
            else if (evicted[n] || (d.WcStart && e.Phys == _wcPhys)) e.Valid = false;
            if (alloc) e.Remaining = a.Planes;
            else if (filled) e.Remaining = (e.Remaining - 1) & 15;
            if (alloc) e.Used = 0;
            else if (served) e.Used |= 1 << d.SLine;
            for (var l = 0; l < 8; l++)
            {
                if (d.ReadOk && d.Target == n && a.Line == l) { e.Pend[l] = true; e.PendTag[l] = _decTag; e.PendTs[l] = _decTs; }
                else if (served && d.SLine == l) e.Pend[l] = false;
            }
        }
    }

    private void TickWritePath(Cycle d, PortValues i, bool memReady)
    {
        var a = d.A;
        var granted = d.WcGranted;
        var full = _wcMask == 0xFF;
        var lastSlot = _wcSlot == _cfg.Planes - 1;
        var cmpLine = WcCmpLine();
        var cmpBit = 1 << cmpLine;
        var cmpDone = _wcState == 2 && d.WcCmpGo;
        var collecting = _wcState == 0;
        var nonEmpty = _wcMask != 0;
        var idleOut = _wcIdle == _cfg.FlushIdleCycles;
        var slot = _wcSlot;
        var maskBefore = _wcMask;

        if (d.WcStart) _wcState = 1;
        else if (granted && _wcPhase == 2 && lastSlot) _wcState = 2;
        else if (cmpDone && _wcMask == cmpBit) _wcState = 0;

        if (d.WcStart) { _wcSlot = 0; _wcPhase = full ? 2 : 0; }
        else if (granted && _wcPhase == 0) _wcPhase = 1;
        else if (d.WcMerge) _wcPhase = 2;
        else if (granted && _wcPhase == 2 && !lastSlot) { _wcSlot = (_wcSlot + 1) & 7; _wcPhase = full ? 2 : 0; }

        if (d.WcOk || d.WcStart) _wcIdle = 0;
        else if (collecting && nonEmpty && !idleOut) _wcIdle = (_wcIdle + 1) & 0xFFFF;

        if (d.WcOk && !nonEmpty) _wcPhys = a.PhysLine;
        if (d.WcOk) _wcMask |= 1 << a.Line;
        else if (cmpDone) _wcMask &= ~cmpBit;

        if (d.WcOk)
        {
            _wcTags[a.Line] = _decTag;
            var data = _decData;
            for (var s = 0; s < 8; s++)
            {
                ulong chunk = 0;
                for (var w = 0; w < 64; w++)
                    if (((data[w >> 3] >> (8 * (w & 7) + 7 - s)) & 1) != 0) chunk |= 1UL << w;
                _wcChunks[s, a.Line] = chunk;
            }
        }
        if (d.WcMerge)
        {
            var rsp = i.GetWide(_p.MemRspData);
            for (var l = 0; l < 8; l++)
                if (((maskBefore >> l) & 1) == 0 && !(d.WcOk && a.Line == l)) _wcChunks[slot, l] = rsp[l];
        }
    }
}
