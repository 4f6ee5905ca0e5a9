using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Cxl;

namespace SmartQuant.Models.Cxl;

public sealed partial class CxlStoreModel
{
    private void TickTop(Cycle d, PortValues i, bool memReady, AliasHit a, bool drsFire, bool ndrFire)
    {
        // NDR queue: one push (write-combining Cmp, passthrough Cmp, front-end Cmp), one pop
        var cw = _combiners[d.CombinerCmpIdx];
        var wcCmpValid = cw.State == WriteCombiner.Complete;
        var pushValid = wcCmpValid || _passIssued || d.FeCmp;
        var pushTag = wcCmpValid ? cw.Tags[cw.CmpLine] : _passIssued ? _passTag : Acc.Tag;
        _ndrQueue.Step(pushValid, pushTag, ndrFire);

        // passthrough write register
        var passGrant = d.PassMem && memReady;
        var passPhase = _passPhase;
        if (d.PassOk)
        {
            _passValid = true;
            _passLine = a.PhysLine;
            _passData = (ulong[])Acc.Data.Clone();
            _passTag = Acc.Tag;
            _passBe = d.Be;
            _passPhase = d.Be == ulong.MaxValue ? PassWrite : PassRead;   // a whole line is written without reading it
            _passMeta = Acc.Poison ? 0xFF : 0;
        }
        else if (d.PassCmpGo) _passValid = false;
        else if (passGrant && passPhase == PassRead) _passPhase = PassWait;
        else if (d.PassMerge)
        {
            // the bytes the host did not enable come from the line as stored
            var rsp = i.GetWide(_p.MemRsp.Data);
            for (var x = 0; x < 8; x++)
            {
                var keep = Line.ByteMask(_passBe, x);
                _passData[x] = (_passData[x] & keep) | (rsp[x] & ~keep);
            }
            _passPhase = PassWrite;
            _passMeta |= (int)i[_p.MemRsp.Meta];   // a clean partial write keeps the line's poison
        }
        if (passGrant && passPhase == PassWrite) _passIssued = true;
        else if (d.PassCmpGo) _passIssued = false;

        // DRS register
        var loadNxm = d.LoadNxm;
        if (loadNxm)
        {
            // a read of no memory: all ones, poisoned; MemData-NXM only from CXL 3.0 (docs/spec/cxl-mem.md)
            _drsValid = true; _drsOpcode = _cfg.HasMemDataNxm ? CxlOpcodes.MemDataNxm : CxlOpcodes.MemData; _drsTag = _nxmTag; _drsTs = _nxmTs;
            _drsData = Line.New();
            Array.Fill(_drsData, ulong.MaxValue);
            _drsNxm = true;
            _drsPoison = true;
        }
        else if (d.LoadServe)
        {
            _drsValid = true; _drsOpcode = CxlOpcodes.MemData; _drsTag = _sv2.Tag; _drsTs = _sv2.Ts; _drsNxm = false; _drsPoison = _sv2.Poison != 0;
            // sv2 is valid whenever the serve loads (the decision requires it), and a valid stage carries its gathered line
            _drsData = _sv2.Data ?? throw new InvalidOperationException("serve from an empty sv2 stage");
        }
        else if (drsFire) _drsValid = false;

        // serve pipeline: sv2 holds the line the RTL's gather selects from its registered kept planes (computed here
        // from the planes sv1's entry holds before this edge: no fill can reach them while sv1 holds the entry)
        if (d.Move1)
        {
            var se = _entries[_sv1.Sub];
            var poisoned = (_sv1.Poison & CxlPoison.Cover(se.K, (RegionFormat)se.Format, _sv1.Line)) != 0;
            _sv2 = new ServeStage(true, _sv1.Sub, _sv1.Line, _sv1.Tag, _sv1.Ts, Gather(se, _sv1.Line), poisoned ? 1 : 0);
        }
        else if (d.LoadServe) _sv2 = _sv2 with { Valid = false };
        if (d.Serve)
        {
            var e = _entries[d.SEntry];
            _sv1 = new ServeStage(true, d.SEntry, d.SLine, e.PendTag[d.SLine], e.PendTs[d.SLine], null, e.Poison);
        }
        else if (d.Move1) _sv1 = _sv1 with { Valid = false };

        if (d.NxmOk) { _nxmValid = true; _nxmTag = Acc.Tag; _nxmTs = Acc.Ts; }
        else if (loadNxm) _nxmValid = false;
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
        if (d.RspFill) i.GetWide(_p.MemRsp.Data).CopyTo(_entries[d.RspSub].Slots[d.RspSlot]);
        // the block's poison mask: the OR of its plane bursts' metadata (cleared at allocation below)
        if (d.RspFill && !(d.Allocate && d.FreeIdx == d.RspSub)) _entries[d.RspSub].Poison |= (int)i[_p.MemRsp.Meta];

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
            if (alloc) { e.Phys = a.PhysLine; e.K = a.K; e.Format = a.Format; e.Round = a.Round; e.Planes = a.Planes; e.Poison = 0; }
            if (alloc) e.Valid = a.Format != (int)RegionFormat.Passthrough;
            else if (evicted[n] || (d.CombinerStart && e.Phys == _combiners[d.CombinerCand].Phys)) e.Valid = false;
            if (alloc) e.Remaining = a.Planes;
            else if (filled) e.Remaining = (e.Remaining - 1) & 15;
            if (alloc) e.Used = 0;
            else if (served) e.Used |= 1 << d.SLine;
            for (var l = 0; l < 8; l++)
            {
                if (d.ReadOk && d.Target == n && a.Line == l) { e.Pend[l] = true; e.PendTag[l] = Acc.Tag; e.PendTs[l] = Acc.Ts; }
                else if (served && d.SLine == l) e.Pend[l] = false;
            }
        }
    }

    private void TickWritePath(Cycle d, PortValues i)
    {
        var a = d.A;
        var granted = d.CombinerGranted;
        var lastSlot = _flSlot == _cfg.Planes - 1;
        var flIdx = _flIdx;
        var fl = _combiners[flIdx];
        var flFull = fl.Full;
        var phase = _flPhase;
        var slot = _flSlot;

        // flush engine: a start (possibly in the cycle the current flush ends) takes precedence
        if (d.CombinerStart) _flMeta = 0;
        else if (d.CombinerMerge) _flMeta = (int)i[_p.MemRsp.Meta];
        if (d.CombinerStart) { _flIdx = d.CombinerCand; _flSlot = 0; _flPhase = _combiners[d.CombinerCand].Full ? 2 : 0; }
        else if (granted && phase == 0) _flPhase = 1;
        else if (d.CombinerMerge) _flPhase = 2;
        else if (granted && phase == 2 && !lastSlot) { _flSlot = (slot + 1) & 7; _flPhase = flFull ? 2 : 0; }

        // merge of a partial block: the read plane fills the lines the host did not write
        if (d.CombinerMerge)
        {
            var rsp = i.GetWide(_p.MemRsp.Data);
            for (var l = 0; l < 8; l++)
            {
                // chunk bit w is weight w of the line: the written weights stay, the others come from DRAM
                var written = fl.Written(l);
                fl.Chunks[slot, l] = (fl.Chunks[slot, l] & written) | (rsp[l] & ~written);
            }
        }

        for (var c = 0; c < _combiners.Length; c++)
        {
            var w = _combiners[c];
            var start = d.CombinerStart && d.CombinerCand == c;
            var flushEnd = d.CombinerFlushEnd && flIdx == c;
            var cmpBit = 1 << w.CmpLine;
            var cmpDone = w.State == WriteCombiner.Complete && d.CombinerCmpIdx == c && d.CombinerCmpGo;
            var wr = d.CombinerOk && d.CombinerTarget == c;
            var idleOut = w.Idle == _cfg.FlushIdleCycles;
            var collecting = w.Collecting;
            var nonEmpty = w.NonEmpty;

            if (start) w.State = WriteCombiner.Flush;
            else if (flushEnd) w.State = WriteCombiner.Complete;
            else if (cmpDone && w.Mask == cmpBit) w.State = WriteCombiner.Collect;

            if (wr || start) w.Idle = 0;
            else if (collecting && nonEmpty && !idleOut && !d.CombinerOffer) w.Idle = (w.Idle + 1) & 0xFFFF;

            if (wr && !nonEmpty) w.Phys = a.PhysLine;
            if (wr) w.Mask |= 1 << a.Line;
            else if (cmpDone) w.Mask &= ~cmpBit;

            if (wr)
            {
                w.Tags[a.Line] = Acc.Tag;
                w.Be[a.Line] = d.Be;
                w.Poison = (w.Poison & ~(1 << a.Line)) | (Acc.Poison ? 1 << a.Line : 0);
                var data = Acc.Data;
                for (var s = 0; s < 8; s++)
                {
                    ulong chunk = 0;
                    for (var x = 0; x < 64; x++)
                        if (((data[x >> 3] >> (8 * (x & 7) + 7 - s)) & 1) != 0) chunk |= 1UL << x;
                    w.Chunks[s, a.Line] = chunk;
                }
            }
        }
    }
}
