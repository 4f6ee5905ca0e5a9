using SmartQuant.Hdl;
using SmartQuant.Hw.Common;

namespace SmartQuant.Hw.Cxl;

/// <summary>
/// Write combining for the full-precision alias (docs/cxl-store.md, "Write ingest"): <see cref="CxlStoreConfig.WriteCombiners"/>
/// combiners each collect the host lines of one block, de-interleaved into plane chunks as they arrive. A write
/// joins the collecting combiner of its block, else the lowest empty one. A combiner is flushed when all 8 lines are
/// present with every byte enabled (written without a read; a MemWrPtl's line keeps its byte enables, and a block
/// that is not complete is merged per weight: read, keep the written weights, write), after FlushIdleCycles without
/// a write to it (cycles in which a write waits for a place do not count: its writer may be the one behind it), when a read needs its block, when
/// its block's line arrives again, or — only when every combiner collects a partial block — combiner 0 when a write
/// finds no place (an eviction). One flush engine writes a combiner's 8 planes (a partial block plane by plane:
/// read, merge, write) and takes the next combiner in the cycle its last write is granted; the flushed combiner then
/// returns its Cmps (lowest completing combiner first) while others collect. A flush starts only when no busy
/// buffer entry holds the block, and clears matching idle entries. Poison (docs/cxl-store.md, "Poison"): each line keeps
/// its RwD Poison bit; every plane burst of the block is written with the block's line-poison mask as its metadata:
/// a line written with poison is poisoned, one written clean with every byte enabled is clean, and a line written
/// clean in part or not at all keeps the mark the plane read brought.
/// </summary>
public sealed class WritePath : Module
{
    /// <summary>The write's line, tag, data and byte enables (bit w: weight w is written; all ones for MemWr).</summary>
    public readonly Signal WrOffer, WrPhys, WrLine, WrTag, WrData, WrBe, WrPoison, WrGo, WrCanAccept;
    public readonly Signal RdOffer, RdPhys, RdHazard, ReadBusy, FlushBlock, Invalidate;
    /// <summary>Each combiner's block, for the read path's per-combiner busy check (ReadBusy bit c).</summary>
    public readonly Signal[] Blocks;
    public readonly Signal MemValid, MemAddr, MemWrite, MemData, MemMeta, MemSlot, MemGrant;
    // DRAM responses (every one; each path picks its own by id)
    public readonly DramResponse Rsp;
    public readonly Signal CmpValid, CmpTag, CmpGo;

    public const int Collect = 0, Flush = 1, Complete = 2;
    public const int PhaseRead = 0, PhaseWait = 1, PhaseWrite = 2;

    public WritePath(CxlStoreConfig cfg)
    {
        var pw = cfg.PhysLineBits;
        var b = cfg.Planes;
        var lines = cfg.PaddedLinesPerBlock;
        var n = cfg.WriteCombiners;
        var cb = cfg.CombinerBits;
        const int tb = CxlStoreConfig.TagBits, lb = CxlStoreConfig.LineBits;
        var chunkBits = lb / lines;   // 64 weights of one plane

        WrOffer = In(); WrPhys = In(pw); WrLine = In(3); WrTag = In(tb); WrData = In(lb); WrBe = In(chunkBits); WrPoison = In(); WrGo = In(); WrCanAccept = Out();
        RdOffer = In(); RdPhys = In(pw); RdHazard = Out(); ReadBusy = In(n); FlushBlock = Out(pw); Invalidate = Out();
        Blocks = [.. Enumerable.Range(0, n).Select(_ => Out(pw))];
        MemValid = Out(); MemAddr = Out(pw); MemWrite = Out(); MemData = Out(lb); MemMeta = Out(CxlStoreConfig.MetaBits); MemSlot = Out(cfg.SlotBits); MemGrant = In();
        Rsp = new DramResponse(this, cfg, flipped: true);
        CmpValid = Out(); CmpTag = Out(tb); CmpGo = In();

        // per combiner: state, block, lines present, idle cycles, tag and byte enables per line, plane chunk per (plane, line)
        var state = new Signal[n];
        var bes = new Signal[n, lines];
        var whole = new Signal[n, lines];   // the line's 64 bytes all enabled (registered with it: no 64-input AND in `full`)
        var poisoned = new Signal[n, lines];   // the line was written with RwD Poison
        var phys = new Signal[n];
        var mask = new Signal[n];
        var idle = new Signal[n];
        var tags = new Signal[n, lines];
        var chunks = new Signal[n, b, lines];
        for (var c = 0; c < n; c++)
        {
            state[c] = Reg(2).Named($"wc{c}_state");
            phys[c] = Reg(pw).Named($"wc{c}_phys");
            mask[c] = Reg(lines).Named($"wc{c}_mask");
            idle[c] = Reg(16).Named($"wc{c}_idle");
            for (var l = 0; l < lines; l++) tags[c, l] = Reg(tb).Named($"wc{c}_tag{l}");
            for (var l = 0; l < lines; l++) bes[c, l] = Reg(chunkBits).Named($"wc{c}_be{l}");
            for (var l = 0; l < lines; l++) whole[c, l] = Reg().Named($"wc{c}_whole{l}");
            for (var l = 0; l < lines; l++) poisoned[c, l] = Reg().Named($"wc{c}_poison{l}");
            for (var s = 0; s < b; s++) for (var l = 0; l < lines; l++) chunks[c, s, l] = Reg(chunkBits).Named($"wc{c}_chunk{s}_{l}");
        }
        // the flush engine: which combiner, plane slot, read / wait / write phase
        var flIdx = Reg(cb);
        var flSlot = Reg(cfg.SlotBits);
        var flPhase = Reg(2);
        var flMeta = Reg(CxlStoreConfig.MetaBits);   // the block's poison mask as the last plane read brought it

        Expr Or(IEnumerable<Expr> xs) => xs.Aggregate((x, y) => x | y);
        var collecting = new Expr[n];
        var nonEmpty = new Expr[n];
        var full = new Expr[n];
        var idleOut = new Expr[n];
        var match = new Expr[n];
        var empty = new Expr[n];
        for (var c = 0; c < n; c++)
        {
            collecting[c] = state[c].Eq(Collect);
            nonEmpty[c] = mask[c].Ne(0);
            // every byte of every line written: flushed without a read
            full[c] = Enumerable.Range(0, lines).Select(l => mask[c][l] & whole[c, l]).Aggregate((x, y) => x & y);
            idleOut[c] = idle[c].Eq(cfg.FlushIdleCycles);
            match[c] = collecting[c] & nonEmpty[c] & phys[c].Eq(WrPhys);
            empty[c] = collecting[c] & ~nonEmpty[c];
        }

        // lowest index whose flag is set (the last index when none is)
        Signal Lowest(Expr[] flags, string name)
        {
            var w = Wire(cb).Named(name);
            w.Assign(PriorityIndex.LowestSet(flags, cb));
            return w;
        }

        // ---- accepting a write ----
        var matched = Wire().Named("wc_matched");
        matched.Assign(Or(match));
        var matchIdx = Lowest(match, "wc_match_idx");
        var anyEmpty = Or(empty);
        var emptyIdx = Lowest(empty, "wc_empty_idx");
        var target = Wire(cb).Named("wc_target");
        target.Assign(Logic.Mux(matched, matchIdx, emptyIdx));
        var matchMask = Logic.Select(matchIdx, [.. mask]);
        var lineSet = matched & NamedWire(matchMask.ShiftRight(WrLine), "mask_at_line")[0];
        var matchIdleOut = Logic.Select(matchIdx, idleOut);
        WrCanAccept.Assign(Logic.Mux(matched, ~lineSet & ~matchIdleOut, anyEmpty));

        // ---- flush triggers ----
        var anyBusy = Or(collecting.Select(x => ~x));
        var anyFull = Or(Enumerable.Range(0, n).Select(c => collecting[c] & full[c]));
        var repeat = WrOffer & lineSet;
        var evict = WrOffer & ~matched & ~anyEmpty & ~anyBusy & ~anyFull;
        var hazard = RdOffer & Or(Enumerable.Range(0, n).Select(c => nonEmpty[c] & phys[c].Eq(RdPhys)));
        RdHazard.Assign(hazard);
        var trig = new Expr[n];
        for (var c = 0; c < n; c++)
        {
            Expr t = full[c] | idleOut[c] | (hazard & phys[c].Eq(RdPhys)) | (repeat & matchIdx.Eq(c));
            if (c == 0) t |= evict;
            trig[c] = collecting[c] & nonEmpty[c] & t;
        }
        var cand = Lowest(trig, "wc_cand");
        var anyTrig = Or(trig);
        FlushBlock.Assign(Logic.Select(cand, [.. phys]));
        for (var c = 0; c < n; c++) Blocks[c].Assign(phys[c]);
        // whether a busy buffer entry holds the candidate's block: checked for every combiner in parallel and then
        // picked by the candidate, not compared after the candidate's block is selected (that was the longest path)
        var candReadBusy = Logic.Select(cand, [.. Enumerable.Range(0, n).Select(c => (Expr)ReadBusy[c])]);

        // ---- flush engine ----
        var flushing = Wire().Named("wc_flushing");
        flushing.Assign(Or(state.Select(s => (Expr)s.Eq(Flush))));
        var wantMem = flushing & (flPhase.Eq(PhaseRead) | flPhase.Eq(PhaseWrite));
        MemValid.Assign(wantMem);
        MemWrite.Assign(flushing & flPhase.Eq(PhaseWrite));
        var flPhys = Logic.Select(flIdx, [.. phys]);
        var flFull = Logic.Select(flIdx, full);
        var flMask = Wire(lines);
        flMask.Assign(Logic.Select(flIdx, [.. mask]));
        // the weights of line l the flushed combiner holds (its byte enables, none when the line is absent): kept at a merge
        var flWritten = new Signal[lines];
        for (var l = 0; l < lines; l++)
        {
            var ll = l;
            flWritten[l] = Wire(chunkBits).Named($"fl_written{l}");
            flWritten[l].Assign(Logic.Mux(flMask[ll], Logic.Select(flIdx, [.. Enumerable.Range(0, n).Select(c => (Expr)bes[c, ll])]), Logic.Lit(0, chunkBits)));
        }
        MemAddr.Assign(flPhys.AddWrap(flSlot.Extend(pw)));
        MemSlot.Assign(flSlot);
        MemData.Assign(Logic.Select(flIdx, [.. Enumerable.Range(0, n).Select(c => Logic.Select(flSlot, [.. Enumerable.Range(0, b).Select(s =>
            Logic.Cat(Enumerable.Range(0, lines).Reverse().Select(l => (Expr)chunks[c, s, l])))]))]));
        var granted = wantMem & MemGrant;
        // the flush engine's read {rmw, sub-entry 0, slot}; {rmw, 1, 0} is the passthrough register's (CxlStore)
        var merge = flushing & flPhase.Eq(PhaseWait) & Rsp.Valid & ~Rsp.Write & Rsp.Id[cfg.MemIdBits - 1]
            & Rsp.Id[cfg.MemIdBits - 2, cfg.SlotBits].Eq(0);
        var lastSlot = flSlot.Eq(b - 1);
        // the block's poison mask written with every plane: poisoned lines set, clean whole lines cleared, the rest kept
        Expr Vec(Func<int, int, Expr> bit) => Logic.Select(flIdx, [.. Enumerable.Range(0, n).Select(c =>
            Logic.Cat(Enumerable.Range(0, lines).Reverse().Select(l => bit(c, l))))]);
        var flPoison = NamedWire(Vec((c, l) => poisoned[c, l]), "fl_poison");
        var flWhole = NamedWire(Vec((c, l) => whole[c, l]), "fl_whole");
        MemMeta.Assign((flPoison & flMask) | (flMeta & ~(flMask & flWhole)));
        var flushEnd = Wire().Named("wc_flush_end");
        flushEnd.Assign(granted & flPhase.Eq(PhaseWrite) & lastSlot);
        // the next flush may start in the cycle the current one's last write is granted
        var start = Wire().Named("wc_start");
        start.Assign(anyTrig & (~flushing | flushEnd) & ~candReadBusy);
        Invalidate.Assign(start);
        var candFull = Logic.Select(cand, full);

        When(start, () => flMeta.Assign(0)).ElseWhen(merge, () => flMeta.Assign(Rsp.Meta));
        When(start, () => { flIdx.Assign(cand); flSlot.Assign(0); flPhase.Assign(Logic.Mux(candFull, Logic.Lit(PhaseWrite, 2), Logic.Lit(PhaseRead, 2))); })
            .ElseWhen(granted & flPhase.Eq(PhaseRead), () => flPhase.Assign(PhaseWait))
            .ElseWhen(merge, () => flPhase.Assign(PhaseWrite))
            .ElseWhen(granted & flPhase.Eq(PhaseWrite) & ~lastSlot, () =>
            {
                flSlot.Assign(flSlot.AddWrap(1));
                flPhase.Assign(Logic.Mux(flFull, Logic.Lit(PhaseWrite, 2), Logic.Lit(PhaseRead, 2)));
            });

        // ---- completions: the lowest completing combiner, its lowest line ----
        var completing = state.Select(s => (Expr)s.Eq(Complete)).ToArray();
        var cmpIdx = Lowest(completing, "wc_cmp_idx");
        var cmpValid = Or(completing);
        var cmpMask = Logic.Select(cmpIdx, [.. mask]);
        var cmpLine = Wire(3).Named("wc_cmp_line");
        cmpLine.Assign(PriorityIndex.LowestSet([.. Enumerable.Range(0, lines).Select(l => (Expr)cmpMask[l])], 3));
        CmpValid.Assign(cmpValid);
        CmpTag.Assign(Logic.Select(cmpIdx, [.. Enumerable.Range(0, n).Select(c => Logic.Select(cmpLine, [.. Enumerable.Range(0, lines).Select(l => (Expr)tags[c, l])]))]));
        var cmpBit = NamedWire(Logic.Lit(1, lines).ShiftLeft(cmpLine), "cmp_bit")[lines - 1, 0];
        var wrBit = NamedWire(Logic.Lit(1, lines).ShiftLeft(WrLine), "wr_bit")[lines - 1, 0];

        // Plane slot s of the host line is bit B−1−s of every byte.
        var fromHost = new Signal[b];
        for (var s = 0; s < b; s++)
        {
            fromHost[s] = Wire(chunkBits).Named($"wr_plane{s}");
            fromHost[s].Assign(Logic.Cat(Enumerable.Range(0, chunkBits).Reverse().Select(w => WrData[8 * w + 7 - s])));
        }
        for (var c = 0; c < n; c++)
        {
            var cc = c;
            var startC = start & cand.Eq(cc);
            var endC = flushEnd & flIdx.Eq(cc);
            var cmpDone = completing[cc] & cmpIdx.Eq(cc) & CmpGo;
            var wr = WrGo & target.Eq(cc);
            var mergeC = merge & flIdx.Eq(cc);
            When(startC, () => state[cc].Assign(Flush))
                .ElseWhen(endC, () => state[cc].Assign(Complete))
                .ElseWhen(cmpDone & mask[cc].Eq(cmpBit), () => state[cc].Assign(Collect));
            When(wr | startC, () => idle[cc].Assign(0))
                .ElseWhen(collecting[cc] & nonEmpty[cc] & ~idleOut[cc] & ~WrOffer, () => idle[cc].Assign(idle[cc].AddWrap(1)));
            When(wr & ~nonEmpty[cc], () => phys[cc].Assign(WrPhys));
            When(wr, () => mask[cc].Assign(mask[cc] | wrBit))
                .ElseWhen(cmpDone, () => mask[cc].Assign(mask[cc] & ~cmpBit));
            for (var l = 0; l < lines; l++)
            {
                var ll = l;
                When(wr & WrLine.Eq(ll), () => tags[cc, ll].Assign(WrTag));
                When(wr & WrLine.Eq(ll), () => { bes[cc, ll].Assign(WrBe); whole[cc, ll].Assign(WrBe.AndReduce()); poisoned[cc, ll].Assign(WrPoison); });
                for (var s = 0; s < b; s++)
                {
                    var ss = s;
                    When(wr & WrLine.Eq(ll), () => chunks[cc, ss, ll].Assign(fromHost[ss]))
                        .ElseWhen(mergeC & flSlot.Eq(ss), () => chunks[cc, ss, ll].Assign(
                            (chunks[cc, ss, ll] & flWritten[ll]) | (Rsp.Data[chunkBits * ll + chunkBits - 1, chunkBits * ll] & ~flWritten[ll])));
                }
            }
        }
    }

}
