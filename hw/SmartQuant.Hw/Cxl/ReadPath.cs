using SmartQuant.Hdl;
using SmartQuant.Hw.Common;

namespace SmartQuant.Hw.Cxl;

/// <summary>
/// Block buffer with per-line request merging. Each entry holds the planes of one block (tag: physical line,
/// k, format, rounding), a count of planes still to arrive and, per host line, one pending request {tag, time}.
/// A read that hits an entry (in flight or complete) only marks its line; a miss takes the lowest free entry
/// and queues its plane reads; a second request for a line already pending waits. A complete entry returns its
/// pending lines one per cycle (lowest entry, then lowest line) through the gather. Passthrough lines use an
/// entry too (one burst) but never hit later.
/// </summary>
public sealed class ReadPath : Module
{
    // lookup (front end)
    public readonly Signal LkPhys, LkK, LkFormat, LkRound, LkLine, LkPlanes, LkTag, LkTs, LkGo, LkHit, LkCanAccept;
    // invalidation and busy check for a write flush
    public readonly Signal WcPhys, WcInvalidate, WcBusy;
    // fetch toward DRAM
    public readonly Signal FetchValid, FetchAddr, FetchSlot, FetchEntry, FetchGrant;
    // DRAM responses
    public readonly Signal RspValid, RspId, RspWrite, RspData;
    // serve toward DRS
    public readonly Signal ServeValid, ServeGo, ServeTag, ServeTs, ServeData;

    private readonly Signal[] _valid, _phys, _k, _fmt, _round, _planes, _remaining;
    private readonly Signal[,] _pend, _pendTag, _pendTs;
    private readonly Signal _issueSlot, _gatherWait;
    private readonly Memory[] _planeMem;
    private readonly Fifo _fetchQueue;
    private readonly BitPlaneGather _gather;

    public ReadPath(CxlStoreConfig cfg)
    {
        var e = cfg.BufferEntries;
        var eb = cfg.EntryBits;
        var pw = cfg.PhysLineBits;
        var b = cfg.Planes;
        const int tb = CxlStoreConfig.TagBits, ts = CxlStoreConfig.TimestampBits;

        LkPhys = In(pw); LkK = In(4); LkFormat = In(2); LkRound = In(); LkLine = In(3); LkPlanes = In(4);
        LkTag = In(tb); LkTs = In(ts); LkGo = In(); LkHit = Out(); LkCanAccept = Out();
        WcPhys = In(pw); WcInvalidate = In(); WcBusy = Out();
        FetchValid = Out(); FetchAddr = Out(pw); FetchSlot = Out(cfg.SlotBits); FetchEntry = Out(eb); FetchGrant = In();
        RspValid = In(); RspId = In(cfg.MemIdBits); RspWrite = In(); RspData = In(CxlStoreConfig.LineBits);
        ServeValid = Out(); ServeGo = In(); ServeTag = Out(tb); ServeTs = Out(ts); ServeData = Out(CxlStoreConfig.LineBits);

        _valid = new Signal[e]; _phys = new Signal[e]; _k = new Signal[e]; _fmt = new Signal[e];
        _round = new Signal[e]; _planes = new Signal[e]; _remaining = new Signal[e];
        _pend = new Signal[e, b]; _pendTag = new Signal[e, b]; _pendTs = new Signal[e, b];
        for (var i = 0; i < e; i++)
        {
            _valid[i] = Reg(); _phys[i] = Reg(pw); _k[i] = Reg(4); _fmt[i] = Reg(2); _round[i] = Reg();
            _planes[i] = Reg(4); _remaining[i] = Reg(4);
            for (var l = 0; l < b; l++) { _pend[i, l] = Reg(); _pendTag[i, l] = Reg(tb); _pendTs[i, l] = Reg(ts); }
        }
        _issueSlot = Reg(4);
        _gatherWait = Reg(4);
        _planeMem = [.. Enumerable.Range(0, b).Select(_ => Mem(e, CxlStoreConfig.LineBits))];
        _fetchQueue = Instance(new Fifo(new FifoConfig { Depth = e, Width = eb }), "fetch_queue");

        Expr Idx(int i) => Logic.Lit(i, eb);
        Expr AnyPend(int i) => Logic.Cat(Enumerable.Range(0, b).Select(l => (Expr)_pend[i, l])).OrReduce();
        var busy = Enumerable.Range(0, e).Select(i => _remaining[i].Ne(0) | AnyPend(i)).ToArray();

        // ---- lookup ----
        var hits = Enumerable.Range(0, e).Select(i => _valid[i] & _phys[i].Eq(LkPhys) & _k[i].Eq(LkK)
            & _fmt[i].Eq(LkFormat) & _round[i].Eq(LkRound)).ToArray();
        var anyHit = hits.Aggregate((x, y) => x | y);
        Expr hitIdx = Idx(e - 1);
        for (var i = e - 2; i >= 0; i--) hitIdx = Logic.Mux(hits[i], Idx(i), hitIdx);
        var hitPend = Logic.Select(hitIdx, [.. Enumerable.Range(0, e).Select(i =>
            Logic.Select(LkLine, [.. Enumerable.Range(0, b).Select(l => (Expr)_pend[i, l])]))]);
        var anyFree = busy.Select(x => ~x).Aggregate((x, y) => x | y);
        Expr freeIdx = Idx(e - 1);
        for (var i = e - 2; i >= 0; i--) freeIdx = Logic.Mux(~busy[i], Idx(i), freeIdx);
        LkHit.Assign(anyHit);
        LkCanAccept.Assign(Logic.Mux(anyHit, ~hitPend, anyFree));
        var target = Logic.Mux(anyHit, hitIdx, freeIdx);
        var allocate = LkGo & ~anyHit;

        WcBusy.Assign(Enumerable.Range(0, e).Select(i => _valid[i] & busy[i] & _phys[i].Eq(WcPhys)).Aggregate((x, y) => x | y));

        // ---- fetch queue and issue ----
        _fetchQueue.InValid.Assign(allocate);
        _fetchQueue.InData.Assign(freeIdx);
        var head = _fetchQueue.OutData;
        var headPlanes = Logic.Select(head, _planes);
        var lastSlot = _issueSlot.AddWrap(1).Eq(headPlanes);
        _fetchQueue.OutReady.Assign(FetchGrant & lastSlot);
        FetchValid.Assign(_fetchQueue.OutValid);
        FetchAddr.Assign(Logic.Select(head, _phys).AddWrap(_issueSlot.Extend(pw)));
        FetchSlot.Assign(_issueSlot[cfg.SlotBits - 1, 0]);
        FetchEntry.Assign(head);
        When(FetchGrant, () => _issueSlot.Assign(Logic.Mux(lastSlot, Logic.Lit(0, 4), _issueSlot.AddWrap(1))));

        // ---- responses ----
        var rspEntry = RspId[cfg.SlotBits + eb - 1, cfg.SlotBits];
        var rspSlot = RspId[cfg.SlotBits - 1, 0];
        var fill = RspValid & ~RspWrite & ~RspId[cfg.MemIdBits - 1];
        for (var s = 0; s < b; s++)
        {
            var mem = _planeMem[s];
            When(fill & rspSlot.Eq(s), () => mem.Write(rspEntry, RspData));
        }

        // ---- serve: lowest complete entry with a pending line, then its lowest line ----
        var ready = Enumerable.Range(0, e).Select(i => _remaining[i].Eq(0) & AnyPend(i)).ToArray();
        var anyReady = ready.Aggregate((x, y) => x | y) & _gatherWait.Eq(0);
        Expr se = Idx(e - 1);
        for (var i = e - 2; i >= 0; i--) se = Logic.Mux(ready[i], Idx(i), se);
        var sEntry = Wire(eb);
        sEntry.Assign(se);
        var pendOfSel = Keep(Logic.Select(sEntry, [.. Enumerable.Range(0, e).Select(i =>
            Logic.Cat(Enumerable.Range(0, b).Reverse().Select(l => (Expr)_pend[i, l])))]), "pend_of_served");
        Expr sl = Logic.Lit(b - 1, 3);
        for (var l = b - 2; l >= 0; l--) sl = Logic.Mux(pendOfSel[l], Logic.Lit(l, 3), sl);
        var sLine = Wire(3);
        sLine.Assign(sl);
        var serve = anyReady & ServeGo;
        ServeValid.Assign(anyReady);
        ServeTag.Assign(Logic.Select(sEntry, [.. Enumerable.Range(0, e).Select(i =>
            Logic.Select(sLine, [.. Enumerable.Range(0, b).Select(l => (Expr)_pendTag[i, l])]))]));
        ServeTs.Assign(Logic.Select(sEntry, [.. Enumerable.Range(0, e).Select(i =>
            Logic.Select(sLine, [.. Enumerable.Range(0, b).Select(l => (Expr)_pendTs[i, l])]))]));

        _gather = Instance(new BitPlaneGather(cfg), "gather");
        for (var s = 0; s < b; s++) _gather.Slots[s].Assign(_planeMem[s].Read(sEntry));
        var sK = Logic.Select(sEntry, _k);
        var sFmt = Logic.Select(sEntry, _fmt);
        _gather.K.Assign(sK);
        _gather.Format.Assign(sFmt);
        _gather.Round.Assign(Logic.Select(sEntry, _round));
        _gather.Line.Assign(sLine);
        ServeData.Assign(_gather.Data);

        // Gather throughput: a PACKED line of k bits spans ceil(8/k) slices.
        var cycles = Logic.Select(sK, [.. Enumerable.Range(0, b + 1).Select(k => Logic.Lit(cfg.GatherCycles(Math.Max(k, 1), true) - 1, 4))]);
        When(serve, () => _gatherWait.Assign(Logic.Mux(sFmt.Eq((int)RegionFormat.Packed), cycles, Logic.Lit(0, 4))))
            .ElseWhen(_gatherWait.Ne(0), () => _gatherWait.Assign(_gatherWait.SubWrap(1)));

        // ---- per-entry state ----
        for (var i = 0; i < e; i++)
        {
            var ii = i;
            var isTarget = LkGo & target.Eq(ii);
            var filled = fill & rspEntry.Eq(ii);
            var alloc = allocate & freeIdx.Eq(ii);
            When(alloc, () =>
            {
                _phys[ii].Assign(LkPhys);
                _k[ii].Assign(LkK);
                _fmt[ii].Assign(LkFormat);
                _round[ii].Assign(LkRound);
                _planes[ii].Assign(LkPlanes);
            });
            When(alloc, () => _valid[ii].Assign(LkFormat.Ne((int)RegionFormat.Passthrough)))
                .ElseWhen(WcInvalidate & _phys[ii].Eq(WcPhys), () => _valid[ii].Assign(0));
            When(alloc, () => _remaining[ii].Assign(LkPlanes))
                .ElseWhen(filled, () => _remaining[ii].Assign(_remaining[ii].SubWrap(1)));
            for (var l = 0; l < b; l++)
            {
                var ll = l;
                When(isTarget & LkLine.Eq(ll), () =>
                {
                    _pend[ii, ll].Assign(1);
                    _pendTag[ii, ll].Assign(LkTag);
                    _pendTs[ii, ll].Assign(LkTs);
                }).ElseWhen(serve & sEntry.Eq(ii) & sLine.Eq(ll), () => _pend[ii, ll].Assign(0));
            }
        }
    }

    /// <summary>A named wire for an intermediate whose bits are used only in part (the emitter lists the rest as unused).</summary>
    private Signal Keep(Expr e, string name)
    {
        var w = Wire(e.Width, e.Signed).Named(name);
        w.Assign(e);
        return w;
    }
}
