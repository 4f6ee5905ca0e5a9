using SmartQuant.Hdl;

namespace SmartQuant.Hw.Cxl;

/// <summary>
/// Write combining for the full-precision alias: host lines of one block are de-interleaved into plane chunks as
/// they arrive. The block is flushed when all 8 lines are present, when a write to another block (or a repeated
/// line) arrives, when a read needs the block, or after FlushIdleCycles without a write; a partial block is
/// merged plane by plane (read, merge, write). A flush starts only when no busy buffer entry holds the block, and
/// clears matching idle entries. Cmp for every combined write follows the last plane write's acceptance.
/// </summary>
public sealed class WritePath : Module
{
    public readonly Signal WrOffer, WrPhys, WrLine, WrTag, WrData, WrGo, WrCanAccept;
    public readonly Signal RdOffer, RdPhys, RdHazard, ReadBusy, WcBlock, Invalidate;
    public readonly Signal MemValid, MemAddr, MemWrite, MemData, MemSlot, MemGrant;
    public readonly Signal RspValid, RspId, RspWrite, RspData;
    public readonly Signal CmpValid, CmpTag, CmpGo;

    public const int Collect = 0, Flush = 1, Complete = 2;
    public const int PhaseRead = 0, PhaseWait = 1, PhaseWrite = 2;

    private readonly Signal _state, _phys, _mask, _idle, _slot, _phase;
    private readonly Signal[] _tags;
    private readonly Signal[,] _chunks;

    public WritePath(CxlStoreConfig cfg)
    {
        var pw = cfg.PhysLineBits;
        var b = cfg.Planes;
        var lines = cfg.PaddedLinesPerBlock;
        const int tb = CxlStoreConfig.TagBits, lb = CxlStoreConfig.LineBits;
        var chunkBits = lb / lines;   // 64 weights of one plane

        WrOffer = In(); WrPhys = In(pw); WrLine = In(3); WrTag = In(tb); WrData = In(lb); WrGo = In(); WrCanAccept = Out();
        RdOffer = In(); RdPhys = In(pw); RdHazard = Out(); ReadBusy = In(); WcBlock = Out(pw); Invalidate = Out();
        MemValid = Out(); MemAddr = Out(pw); MemWrite = Out(); MemData = Out(lb); MemSlot = Out(cfg.SlotBits); MemGrant = In();
        RspValid = In(); RspId = In(cfg.MemIdBits); RspWrite = In(); RspData = In(lb);
        CmpValid = Out(); CmpTag = Out(tb); CmpGo = In();

        _state = Reg(2); _phys = Reg(pw); _mask = Reg(lines); _idle = Reg(16); _slot = Reg(cfg.SlotBits); _phase = Reg(2);
        _tags = [.. Enumerable.Range(0, lines).Select(_ => Reg(tb))];
        _chunks = new Signal[b, lines];
        for (var s = 0; s < b; s++) for (var l = 0; l < lines; l++) _chunks[s, l] = Reg(chunkBits);

        var collecting = _state.Eq(Collect);
        var nonEmpty = _mask.Ne(0);
        var full = _mask.AndReduce();
        var sameBlock = _phys.Eq(WrPhys);
        var lineSet = Keep(_mask.ShiftRight(WrLine), "mask_at_line")[0];
        var fits = ~nonEmpty | (sameBlock & ~lineSet);
        var idleOut = _idle.Eq(cfg.FlushIdleCycles);
        WrCanAccept.Assign(collecting & fits & ~idleOut);
        var conflict = WrOffer & collecting & ~fits;
        var hazard = RdOffer & nonEmpty & _phys.Eq(RdPhys);
        RdHazard.Assign(hazard);
        var trigger = collecting & nonEmpty & (full | conflict | hazard | idleOut);
        var start = trigger & ~ReadBusy;
        Invalidate.Assign(start);
        WcBlock.Assign(_phys);

        // ---- flush ----
        var flushing = _state.Eq(Flush);
        var wantMem = flushing & (_phase.Eq(PhaseRead) | _phase.Eq(PhaseWrite));
        MemValid.Assign(wantMem);
        MemWrite.Assign(flushing & _phase.Eq(PhaseWrite));
        MemAddr.Assign(_phys.AddWrap(_slot.Extend(pw)));
        MemSlot.Assign(_slot);
        MemData.Assign(Logic.Select(_slot, [.. Enumerable.Range(0, b).Select(s =>
            Logic.Cat(Enumerable.Range(0, lines).Reverse().Select(l => (Expr)_chunks[s, l])))]));
        var granted = wantMem & MemGrant;
        var merge = flushing & _phase.Eq(PhaseWait) & RspValid & ~RspWrite & RspId[cfg.MemIdBits - 1];
        var lastSlot = _slot.Eq(b - 1);

        // ---- completions ----
        var completing = _state.Eq(Complete);
        Expr cl = Logic.Lit(lines - 1, 3);
        for (var l = lines - 2; l >= 0; l--) cl = Logic.Mux(_mask[l], Logic.Lit(l, 3), cl);
        var cmpLine = Wire(3);
        cmpLine.Assign(cl);
        CmpValid.Assign(completing);
        CmpTag.Assign(Logic.Select(cmpLine, _tags));
        var cmpDone = completing & CmpGo;
        var cmpBit = Keep(Logic.Lit(1, lines).ShiftLeft(cmpLine), "cmp_bit")[lines - 1, 0];

        When(start, () => _state.Assign(Flush))
            .ElseWhen(granted & _phase.Eq(PhaseWrite) & lastSlot, () => _state.Assign(Complete))
            .ElseWhen(cmpDone & _mask.Eq(cmpBit), () => _state.Assign(Collect));
        When(start, () => { _slot.Assign(0); _phase.Assign(Logic.Mux(full, Logic.Lit(PhaseWrite, 2), Logic.Lit(PhaseRead, 2))); })
            .ElseWhen(granted & _phase.Eq(PhaseRead), () => _phase.Assign(PhaseWait))
            .ElseWhen(merge, () => _phase.Assign(PhaseWrite))
            .ElseWhen(granted & _phase.Eq(PhaseWrite) & ~lastSlot, () =>
            {
                _slot.Assign(_slot.AddWrap(1));
                _phase.Assign(Logic.Mux(full, Logic.Lit(PhaseWrite, 2), Logic.Lit(PhaseRead, 2)));
            });
        When(WrGo, () => _idle.Assign(0))
            .ElseWhen(start, () => _idle.Assign(0))
            .ElseWhen(collecting & nonEmpty & ~idleOut, () => _idle.Assign(_idle.AddWrap(1)));
        When(WrGo & ~nonEmpty, () => _phys.Assign(WrPhys));
        var wrBit = Keep(Logic.Lit(1, lines).ShiftLeft(WrLine), "wr_bit")[lines - 1, 0];
        When(WrGo, () => _mask.Assign(_mask | wrBit))
            .ElseWhen(cmpDone, () => _mask.Assign(_mask & ~cmpBit));

        for (var l = 0; l < lines; l++)
        {
            var ll = l;
            When(WrGo & WrLine.Eq(ll), () => _tags[ll].Assign(WrTag));
            for (var s = 0; s < b; s++)
            {
                var ss = s;
                // Plane slot s is bit B−1−s of every byte of the host line.
                var fromHost = Logic.Cat(Enumerable.Range(0, chunkBits).Reverse().Select(w => WrData[8 * w + 7 - ss]));
                When(WrGo & WrLine.Eq(ll), () => _chunks[ss, ll].Assign(fromHost))
                    .ElseWhen(merge & _slot.Eq(ss) & ~_mask[ll], () => _chunks[ss, ll].Assign(RspData[chunkBits * ll + chunkBits - 1, chunkBits * ll]));
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
