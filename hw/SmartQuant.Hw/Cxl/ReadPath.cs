using SmartQuant.Hdl;
using SmartQuant.Hw.Common;

namespace SmartQuant.Hw.Cxl;

/// <summary>
/// Block buffer with per-line request merging. Each of the E entries holds 8 plane memories' words and is split in
/// two halves (sub-entries 2e and 2e+1): a block of at most 4 planes (k ≤ 4, or k ≤ 3 with the guard plane, or a
/// passthrough line) takes one half (planes p → memory p + 4·half), a wider block takes the even sub-entry and the
/// whole entry. Each sub-entry has a tag (physical line, k, format, rounding), a count of planes still to arrive, a
/// mask of lines already served and, per host line, one pending request {tag, time}. A read that hits a sub-entry
/// (in flight or complete) only marks its line; a second request for a line already pending waits. A miss takes
/// (replacement, docs/cxl-store.md "Many streams"): the lowest free place whose blocks are dead (invalid, or every
/// line of the block served); if there is none but some busy block has only pending lines left (it dies as soon as
/// they are served), or a dead place is kept out only by sv1's hold (below; it frees when sv1 moves on), it waits;
/// otherwise the place allocated last if free, else the lowest free place. A complete
/// sub-entry returns its pending lines one per cycle (lowest sub-entry, then lowest line) through a two-stage serve
/// pipeline: the choice is registered (sv1), its planes are read and rounded (GuardRounding) into sv2, and the gather
/// selects the line's words from sv2 (docs/cxl-store.md, "Serve pipeline"); sv1's entry takes no new block meanwhile.
/// Passthrough lines use a half too (one burst) but never hit later. Poison (docs/cxl-store.md, "Poison"): each
/// sub-entry ORs the metadata of its plane bursts (the block's line-poison mask); a served line is poisoned when a host
/// line whose weights it carries is (<see cref="CxlPoison.Cover"/>).
/// </summary>
public sealed class ReadPath : Module
{
    // lookup (front end)
    /// <summary>The line a read asks for, from the alias table.</summary>
    public readonly BlockView Lookup;
    public readonly Signal LookupTag, LookupTs, LookupGo, LookupHit, LookupCanAccept;
    // invalidation and busy check for a write flush
    public readonly Signal FlushBlock, FlushInvalidate, CombinerBusy;
    /// <summary>Every write combiner's block; CombinerBusy bit c: a busy sub-entry holds combiner c's block.</summary>
    public readonly Signal[] CombinerBlocks;
    // busy sub-entries (plane reads outstanding or lines pending): the occupancy DevLoad reports
    public readonly Signal BusyCount;
    // fetch toward DRAM
    public readonly Signal FetchValid, FetchAddr, FetchSlot, FetchEntry, FetchGrant;
    // DRAM responses (every one; each path picks its own by id)
    public readonly DramResponse Rsp;
    // serve toward DRS
    public readonly Signal ServeValid, ServeGo, ServeTag, ServeTs, ServeData, ServePoison;

    private readonly Signal[] _valid, _phys, _k, _fmt, _round, _planes, _remaining, _used, _absent, _poison;
    private readonly Signal[,] _pend, _pendTag, _pendTs;
    private readonly Signal _issueSlot, _gatherWait, _lastAlloc;
    private readonly Memory[] _planeMem;
    private readonly Fifo _fetchQueue;
    private readonly BitPlaneGather _gather;

    public ReadPath(CxlStoreConfig cfg)
    {
        var e = cfg.BufferEntries;
        var n = cfg.SubEntries;
        var eb = cfg.EntryBits;
        var sb = cfg.SubEntryBits;
        var pw = cfg.PhysLineBits;
        var b = cfg.Planes;
        const int tb = CxlStoreConfig.TagBits, ts = CxlStoreConfig.TimestampBits, half = CxlStoreConfig.HalfPlanes;

        Lookup = new BlockView(this, cfg, flipped: true);
        var (lookupPhys, lookupK, lookupFormat, lookupRound, lookupLine, lookupPlanes) =
            (Lookup.PhysLine, Lookup.K, Lookup.Format, Lookup.Round, Lookup.Line, Lookup.Planes);
        LookupTag = In(tb); LookupTs = In(ts); LookupGo = In(); LookupHit = Out(); LookupCanAccept = Out();
        FlushBlock = In(pw); FlushInvalidate = In(); CombinerBusy = Out(cfg.WriteCombiners); BusyCount = Out(sb + 1);
        CombinerBlocks = [.. Enumerable.Range(0, cfg.WriteCombiners).Select(_ => In(pw))];
        FetchValid = Out(); FetchAddr = Out(pw); FetchSlot = Out(cfg.SlotBits); FetchEntry = Out(sb); FetchGrant = In();
        Rsp = new DramResponse(this, cfg, flipped: true);
        ServeValid = Out(); ServeGo = In(); ServeTag = Out(tb); ServeTs = Out(ts); ServeData = Out(CxlStoreConfig.LineBits); ServePoison = Out();

        _valid = new Signal[n]; _phys = new Signal[n]; _k = new Signal[n]; _fmt = new Signal[n];
        _round = new Signal[n]; _planes = new Signal[n]; _remaining = new Signal[n]; _used = new Signal[n]; _absent = new Signal[n]; _poison = new Signal[n];
        _pend = new Signal[n, b]; _pendTag = new Signal[n, b]; _pendTs = new Signal[n, b];
        for (var i = 0; i < n; i++)
        {
            _valid[i] = Reg(); _phys[i] = Reg(pw); _k[i] = Reg(4); _fmt[i] = Reg(2); _round[i] = Reg();
            _planes[i] = Reg(4); _remaining[i] = Reg(4); _used[i] = Reg(b); _absent[i] = Reg(b); _poison[i] = Reg(CxlStoreConfig.MetaBits);
            for (var l = 0; l < b; l++) { _pend[i, l] = Reg(); _pendTag[i, l] = Reg(tb); _pendTs[i, l] = Reg(ts); }
        }
        _issueSlot = Reg(4);
        _gatherWait = Reg(4);
        _lastAlloc = Reg(sb);
        _planeMem = [.. Enumerable.Range(0, b).Select(_ => Mem(e, CxlStoreConfig.LineBits))];
        _fetchQueue = Instance(new Fifo(new FifoConfig(depth: n, width: sb)), "fetch_queue");

        Expr PendVec(int i) => Logic.Cat(Enumerable.Range(0, b).Reverse().Select(l => (Expr)_pend[i, l]));
        var busy = Enumerable.Range(0, n).Select(i => _remaining[i].Ne(0) | PendVec(i).OrReduce()).ToArray();
        // Lines of the block not yet served are 0 in `covered` (PACKED k has k lines, PADDED 8).
        // The mask of lines a block does not have is registered at allocation beside its k and format (selecting it
        // from k here put a k-indexed select on the lookup's stall path, docs/cxl-store.md "Logic depth").
        var kLines = Enumerable.Range(0, b + 1).Select(k => Logic.Lit((1 << k) - 1, b)).ToArray();
        var covered = Enumerable.Range(0, n).Select(i => _used[i] | _absent[i]).ToArray();
        var dead = Enumerable.Range(0, n).Select(i => ~_valid[i] | covered[i].AndReduce()).ToArray();
        var dying = Enumerable.Range(0, n).Select(i => busy[i] & (covered[i] | PendVec(i)).AndReduce()).ToArray();
        var wide = Enumerable.Range(0, n).Select(i => _planes[i] > half).ToArray();

        // the serve pipeline's first stage (below) holds a sub-entry whose planes it is about to read: no block may be
        // put in that entry (either half) meanwhile
        // (one register per entry, set with sv1's choice: decoding sv1's sub-entry here sat on the lookup's stall path)
        var sv1Valid = Reg();
        var sv1Sub = Reg(sb);
        var held = Enumerable.Range(0, e).Select(x => Reg().Named($"held_{x}")).ToArray();

        // ---- lookup ----
        var hits = Enumerable.Range(0, n).Select(i => _valid[i] & _phys[i].Eq(lookupPhys) & _k[i].Eq(lookupK)
            & _fmt[i].Eq(lookupFormat) & _round[i].Eq(lookupRound)).ToArray();
        var anyHit = hits.Aggregate((x, y) => x | y);
        var hitIdx = PriorityIndex.LowestSet(hits, sb);
        var hitPend = Logic.Select(hitIdx, [.. Enumerable.Range(0, n).Select(i =>
            Logic.Select(lookupLine, [.. Enumerable.Range(0, b).Select(l => (Expr)_pend[i, l])]))]);

        // ---- replacement: where a missing block may go, and which of those places hold only dead blocks ----
        var newWide = Wire();
        newWide.Assign(lookupPlanes > half);
        var place = new Expr[n];
        var placeDead = new Expr[n];
        for (var i = 0; i < n; i++)
        {
            if (i % 2 == 0)
            {
                place[i] = ~busy[i] & (~newWide | ~busy[i + 1]) & ~held[i / 2];
                placeDead[i] = dead[i] & (~newWide | dead[i + 1]);
            }
            else
            {
                place[i] = ~newWide & ~busy[i] & ~(busy[i - 1] & wide[i - 1]) & ~held[i / 2];
                placeDead[i] = dead[i] & (~wide[i - 1] | dead[i - 1]);
            }
        }
        var deadPlace = Enumerable.Range(0, n).Select(i => place[i] & placeDead[i]).ToArray();
        var anyDeadPlace = deadPlace.Aggregate((x, y) => x | y);
        var anyPlace = place.Aggregate((x, y) => x | y);
        var anyDying = dying.Aggregate((x, y) => x | y);
        var deadIdx = PriorityIndex.LowestSet(deadPlace, sb);
        var placeIdx = PriorityIndex.LowestSet(place, sb);
        // A dead place that only sv1's hold keeps out frees as soon as sv1 moves on, as a dying block does: the miss
        // waits for it instead of evicting a live block. Computed from registers for a narrow and for a wide block
        // and only then selected by the new block's width, so the lookup's stall path gains one 2:1 mux beside the
        // place terms, not a chain behind them (docs/cxl-store.md, "Logic depth").
        var heldDeadNarrow = Enumerable.Range(0, e).Select(x =>
        {
            var (ev, od) = (2 * x, 2 * x + 1);
            var even = ~busy[ev] & dead[ev];
            var odd = ~busy[od] & ~(busy[ev] & wide[ev]) & dead[od] & (~wide[ev] | dead[ev]);
            return held[x] & (even | odd);
        }).Aggregate((x, y) => x | y);
        var heldDeadWide = Enumerable.Range(0, e).Select(x =>
            held[x] & ~busy[2 * x] & ~busy[2 * x + 1] & dead[2 * x] & dead[2 * x + 1]).Aggregate((x, y) => x | y);
        var waitNarrow = NamedWire(anyDying | heldDeadNarrow, "wait_narrow");
        var waitWide = NamedWire(anyDying | heldDeadWide, "wait_wide");
        var lastFree = Logic.Select(_lastAlloc, place);
        var allocIdx = Wire(sb);
        allocIdx.Assign(Logic.Mux(anyDeadPlace, deadIdx, Logic.Mux(lastFree, _lastAlloc, placeIdx)));
        var canAlloc = anyDeadPlace | (~Logic.Mux(newWide, waitWide, waitNarrow) & anyPlace);
        LookupHit.Assign(anyHit);
        LookupCanAccept.Assign(Logic.Mux(anyHit, ~hitPend, canAlloc));
        var target = Logic.Mux(anyHit, hitIdx, allocIdx);
        var allocate = LookupGo & ~anyHit;
        When(allocate, () => _lastAlloc.Assign(allocIdx));

        BusyCount.Assign(busy.Select(x => x.Extend(sb + 1)).Aggregate((x, y) => x.AddWrap(y)));
        CombinerBusy.Assign(Logic.Cat(Enumerable.Range(0, cfg.WriteCombiners).Reverse().Select(c =>
            Enumerable.Range(0, n).Select(i => _valid[i] & busy[i] & _phys[i].Eq(CombinerBlocks[c])).Aggregate((x, y) => x | y))));

        // ---- fetch queue and issue ----
        _fetchQueue.InValid.Assign(allocate);
        _fetchQueue.InData.Assign(allocIdx);
        var head = _fetchQueue.OutData;
        var headPlanes = Logic.Select(head, _planes);
        var lastSlot = _issueSlot.AddWrap(1).Eq(headPlanes);
        _fetchQueue.OutReady.Assign(FetchGrant & lastSlot);
        FetchValid.Assign(_fetchQueue.OutValid);
        FetchAddr.Assign(Logic.Select(head, _phys).AddWrap(_issueSlot.Extend(pw)));
        FetchSlot.Assign(_issueSlot[cfg.SlotBits - 1, 0]);
        FetchEntry.Assign(head);
        When(FetchGrant, () => _issueSlot.Assign(Logic.Mux(lastSlot, Logic.Lit(0, 4), _issueSlot.AddWrap(1))));

        // ---- responses: plane p of sub-entry 2e+h goes to memory p + 4h, word e ----
        var rspSub = Rsp.Id[cfg.SlotBits + sb - 1, cfg.SlotBits];
        var rspEntry = rspSub[sb - 1, 1];
        var rspSlot = Rsp.Id[cfg.SlotBits - 1, 0];
        var rspMem = Wire(cfg.SlotBits);
        rspMem.Assign(Logic.Cat(rspSlot[2] | rspSub[0], rspSlot[1, 0]));
        var fill = Rsp.Valid & ~Rsp.Write & ~Rsp.Id[cfg.MemIdBits - 1];
        for (var s = 0; s < b; s++)
        {
            var mem = _planeMem[s];
            When(fill & rspMem.Eq(s), () => mem.Write(rspEntry, Rsp.Data));
        }

        // ---- serve: lowest complete sub-entry with a pending line, then its lowest line (the choice), then two
        // pipeline stages (docs/cxl-store.md, "Serve pipeline"): `sv1` holds the choice, its planes are read and
        // rounded into `sv2`, whose kept planes the gather turns into the line ServeData shows. A stage takes the one
        // before it when it is empty or moves on in the same cycle; ServeGo moves sv2 into the DRS register. ----
        var sv1Line = Reg(3);
        var sv1K = Reg(4);
        var sv1Fmt = Reg(2).Named("sv1_format");
        var sv1Round = Reg();
        var sv1Tag = Reg(tb);
        var sv1Ts = Reg(ts);
        var sv1Poison = Reg(CxlStoreConfig.MetaBits).Named("sv1_poison_mask");
        var sv2Valid = Reg();
        var sv2Line = Reg(3);
        var sv2K = Reg(4);
        var sv2Fmt = Reg(2).Named("sv2_format");
        var sv2Tag = Reg(tb);
        var sv2Ts = Reg(ts);
        var sv2Poison = Reg();
        var sv2Kept = Enumerable.Range(0, b).Select(s => Reg(CxlStoreConfig.BlockWeights).Named($"sv2_kept_{s}")).ToArray();
        var move2 = sv2Valid & ServeGo;
        var move1 = sv1Valid & (~sv2Valid | move2);
        var s1Free = ~sv1Valid | move1;

        var ready = Enumerable.Range(0, n).Select(i => _remaining[i].Eq(0) & PendVec(i).OrReduce()).ToArray();
        var anyReady = ready.Aggregate((x, y) => x | y) & _gatherWait.Eq(0);
        var sSub = Wire(sb).Named("serve_sub");
        sSub.Assign(PriorityIndex.LowestSet(ready, sb));
        // every sub-entry's lowest pending line and its tag and time, in parallel with the choice of the sub-entry
        // (choosing the sub-entry, then its line, then the line's tag in series was 41 levels)
        var lowLine = new Expr[n];
        for (var i = 0; i < n; i++)
        {
            var sub = i;
            lowLine[i] = NamedWire(PriorityIndex.LowestSet([.. Enumerable.Range(0, b).Select(l => (Expr)_pend[sub, l])], 3), $"low_line_{i}");
        }
        var sLine = Wire(3);
        sLine.Assign(Logic.Select(sSub, lowLine));
        var serve = anyReady & s1Free;
        var sK = Logic.Select(sSub, _k);
        var sFmt = Logic.Select(sSub, _fmt);
        When(serve, () =>
        {
            sv1Sub.Assign(sSub);
            sv1Line.Assign(sLine);
            sv1K.Assign(sK);
            sv1Fmt.Assign(sFmt);
            sv1Round.Assign(Logic.Select(sSub, _round));
            sv1Poison.Assign(Logic.Select(sSub, _poison));
            sv1Tag.Assign(Logic.Select(sSub, [.. Enumerable.Range(0, n).Select(i =>
                Logic.Select(lowLine[i], [.. Enumerable.Range(0, b).Select(l => (Expr)_pendTag[i, l])]))]));
            sv1Ts.Assign(Logic.Select(sSub, [.. Enumerable.Range(0, n).Select(i =>
                Logic.Select(lowLine[i], [.. Enumerable.Range(0, b).Select(l => (Expr)_pendTs[i, l])]))]));
        });
        When(serve, () => sv1Valid.Assign(1)).ElseWhen(move1, () => sv1Valid.Assign(0));
        for (var x = 0; x < e; x++)
        {
            var xx = x;
            When(serve, () => held[xx].Assign(sSub[sb - 1, 1].Eq(xx))).ElseWhen(move1, () => held[xx].Assign(0));
        }

        // stage 1: the chosen sub-entry's planes (its entry is no place for a new block while sv1 holds it, so no
        // fill overwrites them) through the guard rounding
        var rounding = Instance(new GuardRounding(cfg), "rounding");
        var words = _planeMem.Select(m => m.Read(sv1Sub[sb - 1, 1])).ToArray();
        for (var s = 0; s < b; s++) rounding.Slots[s].Assign(s < half ? Logic.Mux(sv1Sub[0], words[s + half], words[s]) : words[s]);
        rounding.K.Assign(sv1K);
        rounding.Format.Assign(sv1Fmt);
        rounding.Round.Assign(sv1Round);
        // the host lines whose weights the served line carries
        var cover = NamedWire(Logic.Mux(sv1Fmt.Eq((int)RegionFormat.Packed),
            Logic.Select(sv1K, [.. Enumerable.Range(0, b + 1).Select(k =>
                Logic.Select(sv1Line, [.. Enumerable.Range(0, b).Select(l => Logic.Lit(CxlPoison.Cover(k, RegionFormat.Packed, l), b))]))]),
            Logic.Mux(sv1Fmt.Eq((int)RegionFormat.Passthrough), Logic.Lit((1 << b) - 1, b),
                NamedWire(Logic.Lit(1, b).ShiftLeft(sv1Line), "padded_cover")[b - 1, 0])), "poison_cover");
        When(move1, () =>
        {
            sv2Line.Assign(sv1Line);
            sv2K.Assign(sv1K);
            sv2Fmt.Assign(sv1Fmt);
            sv2Tag.Assign(sv1Tag);
            sv2Ts.Assign(sv1Ts);
            sv2Poison.Assign((sv1Poison & cover).OrReduce());
            for (var s = 0; s < b; s++) sv2Kept[s].Assign(rounding.Kept[s]);
        });
        When(move1, () => sv2Valid.Assign(1)).ElseWhen(move2, () => sv2Valid.Assign(0));

        // stage 2: word selection of the line
        _gather = Instance(new BitPlaneGather(cfg), "gather");
        for (var s = 0; s < b; s++) _gather.Kept[s].Assign(sv2Kept[s]);
        _gather.K.Assign(sv2K);
        _gather.Format.Assign(sv2Fmt);
        _gather.Line.Assign(sv2Line);
        ServeValid.Assign(sv2Valid);
        ServeTag.Assign(sv2Tag);
        ServeTs.Assign(sv2Ts);
        ServeData.Assign(_gather.Data);
        ServePoison.Assign(sv2Poison);

        // Gather throughput: a PACKED line of k bits spans ceil(8/k) slices.
        var cycles = Logic.Select(sK, [.. Enumerable.Range(0, b + 1).Select(k => Logic.Lit(cfg.GatherCycles(Math.Max(k, 1), true) - 1, 4))]);
        When(serve, () => _gatherWait.Assign(Logic.Mux(sFmt.Eq((int)RegionFormat.Packed), cycles, Logic.Lit(0, 4))))
            .ElseWhen(_gatherWait.Ne(0), () => _gatherWait.Assign(_gatherWait.SubWrap(1)));

        // ---- per-sub-entry state ----
        var lineBit = NamedWire(Logic.Lit(1, b).ShiftLeft(sLine), "served_bit")[b - 1, 0];
        for (var i = 0; i < n; i++)
        {
            var ii = i;
            var isTarget = LookupGo & target.Eq(ii);
            var filled = fill & rspSub.Eq(ii);
            var alloc = allocate & allocIdx.Eq(ii);
            // A block in the other half is lost when this allocation needs its planes' memories.
            var evicted = ii % 2 == 0
                ? allocate & allocIdx.Eq(ii + 1) & wide[ii]
                : allocate & allocIdx.Eq(ii - 1) & newWide;
            When(alloc, () =>
            {
                _phys[ii].Assign(lookupPhys);
                _k[ii].Assign(lookupK);
                _fmt[ii].Assign(lookupFormat);
                _round[ii].Assign(lookupRound);
                _planes[ii].Assign(lookupPlanes);
                _absent[ii].Assign(~Logic.Mux(lookupFormat.Eq((int)RegionFormat.Packed), Logic.Select(lookupK, kLines), Logic.Lit((1 << b) - 1, b)));
            });
            When(alloc, () => _valid[ii].Assign(lookupFormat.Ne((int)RegionFormat.Passthrough)))
                .ElseWhen(evicted | (FlushInvalidate & _phys[ii].Eq(FlushBlock)), () => _valid[ii].Assign(0));
            When(alloc, () => _remaining[ii].Assign(lookupPlanes))
                .ElseWhen(filled, () => _remaining[ii].Assign(_remaining[ii].SubWrap(1)));
            When(alloc, () => _poison[ii].Assign(0)).ElseWhen(filled, () => _poison[ii].Assign(_poison[ii] | Rsp.Meta));
            When(alloc, () => _used[ii].Assign(0))
                .ElseWhen(serve & sSub.Eq(ii), () => _used[ii].Assign(_used[ii] | lineBit));
            for (var l = 0; l < b; l++)
            {
                var ll = l;
                When(isTarget & lookupLine.Eq(ll), () =>
                {
                    _pend[ii, ll].Assign(1);
                    _pendTag[ii, ll].Assign(LookupTag);
                    _pendTs[ii, ll].Assign(LookupTs);
                }).ElseWhen(serve & sSub.Eq(ii) & sLine.Eq(ll), () => _pend[ii, ll].Assign(0));
            }
        }
    }
}
