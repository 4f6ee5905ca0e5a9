using System.Numerics;
using SmartQuant.Hdl;
using SmartQuant.Hw.Common;

namespace SmartQuant.Hw.Cxl;

/// <summary>
/// Top of the SmartQuant CXL model store ("cxl-store"): CXL.mem M2S Req/RwD in, S2M NDR/DRS out (credit-based
/// channels), a 64-B burst DRAM port and a register port. Front end: an M2sCredits-entry input buffer per M2S channel
/// (one credit per entry, returned when the entry drains; a message on a full buffer is dropped, counted and logged in
/// the RAS capability); pick one head (Req and RwD alternate when both wait) → HDM decoder
/// (two stages) → alias table (three stages) → the accept stage: block buffer (reads) or write combining
/// (full-precision writes), a passthrough write register, or an immediate answer (read of no memory, error Cmp),
/// one message per cycle. DRAM requests: write-combining flush first, then the passthrough write, then plane
/// fetches. See docs/cxl-store.md for the cycle-level contract.
/// </summary>
public sealed class CxlStore : Module
{
    public readonly M2SReq M2sReq;
    public readonly M2SRwD M2sRwd;
    public readonly S2MNdr S2mNdr;
    public readonly S2MDrs S2mDrs;
    public readonly MemReqPort MemReq;
    public readonly MemRspPort MemRsp;
    public readonly RegPort Regs;

    /// <summary>Phases of the passthrough write register (pass_phase).</summary>
    public const int PassRead = 0, PassWait = 1, PassWrite = 2;

    public CxlStore(CxlStoreConfig cfg)
    {
        // cfg needs no check here: a config exists only once its constructor's rules passed (DesignConfig)
        const int tb = CxlStoreConfig.TagBits, tsb = CxlStoreConfig.TimestampBits, lb = CxlStoreConfig.LineBits;
        var pw = cfg.PhysLineBits;
        M2sReq = new M2SReq(this);
        M2sRwd = new M2SRwD(this);
        S2mNdr = new S2MNdr(this);
        S2mDrs = new S2MDrs(this);
        MemReq = new MemReqPort(this, cfg);
        MemRsp = new MemRspPort(this, cfg);
        Regs = new RegPort(this, flipped: true);

        var hdm = Instance(new HdmDecoder(cfg), "hdm");
        var alias = Instance(new AliasTable(cfg), "alias_table");
        var read = Instance(new ReadPath(cfg), "read_path");
        var write = Instance(new WritePath(cfg), "write_path");
        var counters = Instance(new CounterFile(cfg), "counters");
        var ras = Instance(new RasCapability(), "ras");
        var ndrQueue = Instance(new Fifo(new FifoConfig(depth: cfg.NdrQueueDepth, width: tb)), "ndr_queue");

        var prioRwd = Reg();
        var now = Reg(tsb);
        var nxmValid = Reg();
        var nxmTag = Reg(tb);
        var nxmTs = Reg(tsb);
        var drsValid = Reg();
        var drsOpcode = Reg(3);
        var drsTag = Reg(tb);
        var drsTs = Reg(tsb);
        var drsData = Reg(lb);
        var drsNxm = Reg();        // the response is to a read of no memory (poisoned, all ones)
        var drsPoison = Reg();  // DRS Poison: a read of no memory, or a line that carries poisoned weights
        var passValid = Reg();
        var passIssued = Reg();
        var passLine = Reg(pw);
        var passData = Reg(lb);
        var passTag = Reg(tb);
        var passBe = Reg(CxlStoreConfig.LineBytes);   // a MemWrPtl's byte enables (all ones for MemWr)
        // a partial passthrough write reads its line (PassRead), waits for it (PassWait), then writes the merged line
        var passPhase = Reg(2);
        // the line's poison mark as it will be written: all ones for a poisoned write, else kept from the merge's read
        var passMeta = Reg(CxlStoreConfig.MetaBits);

        Bundle.Connect(Regs.Wr, hdm.Wr);
        Bundle.Connect(Regs.Wr, alias.Wr);
        counters.ReadAddr.Assign(Regs.Rd.Addr);
        hdm.Rd.Addr.Assign(Regs.Rd.Addr);
        Bundle.Connect(Regs.Wr, ras.Wr);
        ras.ReadAddr.Assign(Regs.Rd.Addr);
        // below the counters: the RAS capability in 0x60–0x7F, the HDM registers below it (software reads Committed /
        // Error Not Committed after a Commit)
        Regs.Rd.Data.Assign(Logic.Mux(Regs.Rd.Addr < CxlRegisters.CounterBase,
            Logic.Mux(Regs.Rd.Addr[6, 5].Eq(CxlRas.Base >> 5), ras.ReadData, hdm.Rd.Data), counters.ReadData));
        now.Assign(now.AddWrap(1));

        // ---- input buffers: one credit per entry, advertised at reset (docs/cxl-store.md, "Credits") ----
        // Req entry {HPA line, tag, opcode, arrival time}: the arrival time starts the read latency the counters measure.
        // RwD entry {data, HPA line, tag, opcode, byte enables, Poison}.
        var reqIn = new RecordFifo(this, "req_in", cfg.M2sCredits, [M2sReq.Addr[46, 1], M2sReq.Tag, M2sReq.Opcode, now]);
        var rwdIn = new RecordFifo(this, "rwd_in", cfg.M2sCredits, [M2sRwd.Data, M2sRwd.Addr, M2sRwd.Tag, M2sRwd.Opcode, M2sRwd.ByteEnable, M2sRwd.Poison]);
        var (reqQ, rwdQ) = (reqIn.Queue, rwdIn.Queue);
        reqQ.InValid.Assign(M2sReq.Valid);
        rwdQ.InValid.Assign(M2sRwd.Valid);
        // A message on a full buffer was sent without a credit: the FIFO does not take it (nothing downstream sees it,
        // nothing stored changes) and the overrun counter of its channel counts it (CXL 2.0 §8.2.5.9, Receiver Overflow).
        var reqOverrun = M2sReq.Valid & ~reqQ.InReady;
        var rwdOverrun = M2sRwd.Valid & ~rwdQ.InReady;
        // ... and the RAS capability records it (Receiver_Overflow), logging the dropped message's header, data omitted
        ras.ReqOverrun.Assign(reqOverrun);
        ras.RwdOverrun.Assign(rwdOverrun);
        ras.ReqHeader.Assign(Logic.Cat(Logic.Lit(0, CxlStoreConfig.LineBytes), Logic.Lit(0, 1), now, M2sReq.Addr[46, 1], M2sReq.Tag, M2sReq.Opcode, Logic.Lit(0, 1)));
        ras.RwdHeader.Assign(Logic.Cat(M2sRwd.ByteEnable, M2sRwd.Poison, now, M2sRwd.Addr, M2sRwd.Tag, M2sRwd.Opcode, Logic.Lit(1, 1)));
        var (reqHpa, reqTag, reqOpcode, reqTs) = (reqIn.Head[0], reqIn.Head[1], reqIn.Head[2], reqIn.Head[3]);
        var (rwdData, rwdHpa, rwdTag, rwdOpcode, rwdBe, rwdPoison) = (rwdIn.Head[0], rwdIn.Head[1], rwdIn.Head[2], rwdIn.Head[3], rwdIn.Head[4], rwdIn.Head[5]);

        // ---- front-end pipeline: pick one head → HDM decoder (two stages) → alias table (three stages) → accept ----
        // Registers inside the HDM decoder and the alias table keep every stage under the logic-depth budget
        // (docs/cxl-store.md, "Logic depth"); the stages move together: a stage takes the message before it when it is
        // empty or its own message moves on, so a stall in the accept stage backs up to the input FIFOs.
        var pickRwd = Wire();
        pickRwd.Assign(rwdQ.OutValid & (~reqQ.OutValid | prioRwd));
        var pickReq = Wire();
        pickReq.Assign(reqQ.OutValid & ~pickRwd);
        hdm.HpaLine.Assign(Logic.Mux(pickRwd, rwdHpa, reqHpa));
        var hdmSt = new FrontStage(this, "hdm_stage");   // in the HDM decoder's second half
        var decSt = new FrontStage(this, "dec");   // decoded DPA, in the alias table's first half
        var lkSt = new FrontStage(this, "alias_stage");   // region found, in the alias table's reciprocal multiplies
        var divSt = new FrontStage(this, "div_stage");     // quotients found, in the alias table's block/line select
        var accSt = new FrontStage(this, "acc");   // alias decoded: accepted or waiting
        var decDpa = Reg(cfg.DpaLineBits);
        var accept = Wire();
        // Each enable is "a bubble at or after this stage, or the accept": the bubbles are registers, so `accept` (the
        // end of the buffer lookup) reaches every enable through one OR instead of a chain of five.
        var bubbleAcc = ~accSt.Valid;
        var bubbleDiv = bubbleAcc | ~divSt.Valid;
        var bubbleLk = bubbleDiv | ~lkSt.Valid;
        var bubbleDec = bubbleLk | ~decSt.Valid;
        var bubbleHdm = bubbleDec | ~hdmSt.Valid;
        var advAcc = bubbleAcc | accept;
        var advDiv = bubbleDiv | accept;
        var advLk = bubbleLk | accept;
        var advDec = bubbleDec | accept;
        var advHdm = bubbleHdm | accept;
        var popReq = pickReq & advHdm;
        var popRwd = pickRwd & advHdm;
        reqQ.OutReady.Assign(popReq);
        rwdQ.OutReady.Assign(popRwd);
        // A popped entry's credit goes back to the host the next cycle: registered, so the credit return is a flop
        // output and not the end of the accept stage's lookup.
        var reqCredit = Reg().Named("req_credit_return");
        var rwdCredit = Reg().Named("rwd_credit_return");
        reqCredit.Assign(popReq);
        rwdCredit.Assign(popRwd);
        M2sReq.CreditReturn.Assign(reqCredit);
        M2sRwd.CreditReturn.Assign(rwdCredit);
        When(popReq, () => prioRwd.Assign(1)).ElseWhen(popRwd, () => prioRwd.Assign(0));
        hdmSt.Load(advHdm, pickReq | pickRwd, pickRwd, Logic.Mux(pickRwd, rwdOpcode, reqOpcode),
            Logic.Mux(pickRwd, rwdTag, reqTag), reqTs, rwdData, rwdBe, rwdPoison, Logic.Lit(0, 1));
        hdm.Advance.Assign(advHdm);
        decSt.LoadFrom(advDec, hdmSt, hdm.InRange);
        When(advDec, () => decDpa.Assign(hdm.DpaLine));
        lkSt.LoadFrom(advLk, decSt, decSt.InRange);
        divSt.LoadFrom(advDiv, lkSt, lkSt.InRange);
        accSt.LoadFrom(advAcc, divSt, divSt.InRange);
        alias.Dpa.Assign(decDpa);
        alias.LoadMatch.Assign(advLk);
        alias.LoadQuotient.Assign(advDiv);
        alias.LoadResult.Assign(advAcc);

        // ---- accept stage: one of the paths below ----
        var isReqMsg = accSt.Valid & ~accSt.Rwd;
        var isRwdMsg = accSt.Valid & accSt.Rwd;
        var mapped = accSt.InRange & alias.Hit;
        var pass = alias.Format.Eq((int)RegionFormat.Passthrough);

        var isRead = accSt.Opcode.Eq(CxlOpcodes.MemRd) | accSt.Opcode.Eq(CxlOpcodes.MemRdData);
        var isSpec = accSt.Opcode.Eq(CxlOpcodes.MemSpecRd);
        var rdBuffer = isReqMsg & isRead & mapped;
        var nxmRead = isReqMsg & isRead & ~mapped;
        var reqCmp = isReqMsg & ~isRead & ~isSpec;

        // MemWr writes every byte; MemWrPtl the bytes it enables, and with none enabled nothing (an error Cmp below)
        var isMemWr = accSt.Opcode.Eq(CxlOpcodes.MemWr);
        var be = NamedWire(Logic.Mux(isMemWr, Logic.Lit(ulong.MaxValue, CxlStoreConfig.LineBytes), accSt.Be), "acc_byte_enable");
        var isWr = isMemWr | (accSt.Opcode.Eq(CxlOpcodes.MemWrPtl) & be.Ne(0));
        var wcWrite = isRwdMsg & isWr & mapped & alias.FullPrecision;
        var passWrite = isRwdMsg & isWr & mapped & pass;
        var lowWrite = isRwdMsg & isWr & mapped & ~alias.FullPrecision & ~pass;
        var badWrite = isRwdMsg & ~(isWr & mapped);
        var feCmp = reqCmp | lowWrite | badWrite;

        // read path lookup
        write.RdOffer.Assign(rdBuffer & ~pass);
        write.RdPhys.Assign(alias.PhysLine);
        var readOk = rdBuffer & ~write.RdHazard & read.LookupCanAccept;
        Bundle.Connect(alias.Decoded, read.Lookup);
        read.LookupTag.Assign(accSt.Tag);
        read.LookupTs.Assign(accSt.Ts);
        read.LookupGo.Assign(readOk);

        // write combining
        write.WrOffer.Assign(wcWrite);
        write.WrPhys.Assign(alias.PhysLine);
        write.WrLine.Assign(alias.Line);
        write.WrTag.Assign(accSt.Tag);
        write.WrData.Assign(accSt.Data);
        write.WrBe.Assign(be);
        write.WrPoison.Assign(accSt.Poison);
        var wcOk = wcWrite & write.WrCanAccept;
        write.WrGo.Assign(wcOk);
        write.ReadBusy.Assign(read.CombinerBusy);
        for (var c = 0; c < cfg.WriteCombiners; c++) read.CombinerBlocks[c].Assign(write.Blocks[c]);
        read.FlushBlock.Assign(write.FlushBlock);
        read.FlushInvalidate.Assign(write.Invalidate);

        // ---- S2M credits: the host's receive buffers, advertised at reset; a message goes out only with a credit ----
        // Each counter takes the host's credit return and gives one per message sent; it never counts past the
        // advertised credits (a host returning more than it was sent is ignored, so the counter cannot wrap).
        var ndrCredits = Reg(cfg.S2mCreditBits, reset: cfg.S2mCredits);
        var drsCredits = Reg(cfg.S2mCreditBits, reset: cfg.S2mCredits);
        var ndrHave = Wire().Named("ndr_have_credit");
        var drsHave = Wire().Named("drs_have_credit");
        ndrHave.Assign(~ndrCredits.Eq(0));
        drsHave.Assign(~drsCredits.Eq(0));
        var ndrFire = ndrQueue.OutValid & ndrHave;
        var drsFire = drsValid & drsHave;
        foreach (var (credits, fire, ret) in new[] { (ndrCredits, ndrFire, S2mNdr.CreditReturn), (drsCredits, drsFire, S2mDrs.CreditReturn) })
        {
            var take = ret & ~credits.Eq(cfg.S2mCredits);
            When(fire & ~take, () => credits.Assign(credits.SubWrap(1))).ElseWhen(take & ~fire, () => credits.Assign(credits.AddWrap(1)));
        }

        // ---- NDR: write-combining Cmps, then the passthrough Cmp, then front-end Cmps ----
        var q = ndrQueue.InReady;
        var wcCmpGo = write.CmpValid & q;
        var passCmpGo = passIssued & q & ~write.CmpValid;
        var feCmpGo = feCmp & q & ~write.CmpValid & ~passIssued;
        write.CmpGo.Assign(wcCmpGo);
        ndrQueue.InValid.Assign(write.CmpValid | passIssued | feCmp);
        ndrQueue.InData.Assign(Logic.Mux(write.CmpValid, write.CmpTag,
            Logic.Mux(passIssued, passTag, accSt.Tag)));
        ndrQueue.OutReady.Assign(ndrHave);

        var nxmOk = nxmRead & ~nxmValid;
        var passOk = passWrite & ~passValid;
        accept.Assign(readOk | nxmOk | (isReqMsg & isSpec) | feCmpGo | wcOk | passOk);

        // ---- DRAM request port ----
        var wcMem = write.MemValid;
        var passWant = passValid & ~passIssued & ~passPhase.Eq(PassWait);
        var passMem = passWant & ~wcMem;
        var fetchMem = read.FetchValid & ~wcMem & ~passWant;
        var memValid = wcMem | passMem | fetchMem;
        MemReq.Valid.Assign(memValid);
        var zeroAddr = Logic.Lit(0, pw);
        var memLine = Wire(pw);
        memLine.Assign(Logic.Mux(wcMem, write.MemAddr, Logic.Mux(passMem, passLine, Logic.Mux(fetchMem, read.FetchAddr, zeroAddr))));
        MemReq.Addr.Assign(BankSwizzle.Apply(memLine));
        var wcId = Logic.Cat(Logic.Lit(1, 1), Logic.Lit(0, cfg.SubEntryBits), write.MemSlot);
        var fetchId = Logic.Cat(Logic.Lit(0, 1), read.FetchEntry, read.FetchSlot);
        var passId = Logic.Lit(1L << (cfg.MemIdBits - 1), cfg.MemIdBits);
        // a partial passthrough write's read: {rmw, sub-entry 1, slot 0}, apart from the flush engine's {rmw, 0, slot}
        var passReadIdValue = (1L << (cfg.MemIdBits - 1)) | (1L << cfg.SlotBits);
        var passWritePhase = passPhase.Eq(PassWrite);
        MemReq.Id.Assign(Logic.Mux(wcMem, wcId, Logic.Mux(passMem, Logic.Mux(passWritePhase, passId, Logic.Lit(passReadIdValue, cfg.MemIdBits)),
            Logic.Mux(fetchMem, fetchId, Logic.Lit(0, cfg.MemIdBits)))));
        var memWrite = (wcMem & write.MemWrite) | (passMem & passWritePhase);
        MemReq.Write.Assign(memWrite);
        MemReq.Wdata.Assign(Logic.Mux(wcMem & write.MemWrite, write.MemData, Logic.Mux(passMem & passWritePhase, passData, Logic.Lit(0, lb))));
        MemReq.Meta.Assign(Logic.Mux(wcMem & write.MemWrite, write.MemMeta,
            Logic.Mux(passMem & passWritePhase, passMeta, Logic.Lit(0, CxlStoreConfig.MetaBits))));
        var memFire = memValid & MemReq.Ready;
        write.MemGrant.Assign(wcMem & MemReq.Ready);
        read.FetchGrant.Assign(fetchMem & MemReq.Ready);
        var passGrant = passMem & MemReq.Ready;

        MemRsp.Ready.Assign(Logic.Lit(1, 1));
        read.Rsp.DriveFrom(MemRsp);
        write.Rsp.DriveFrom(MemRsp);

        // ---- passthrough write register ----
        // a partial write merges the stored line's bytes it does not enable (read → wait → write); a whole line is written
        var passMerge = passValid & passPhase.Eq(PassWait) & MemRsp.Valid & ~MemRsp.Write & MemRsp.Id.Eq(passReadIdValue);
        var passKeep = NamedWire(Logic.Cat(Enumerable.Range(0, CxlStoreConfig.LineBytes).Reverse().Select(x => Logic.Repeat(passBe[x], 8))), "pass_keep");
        When(passOk, () =>
        {
            passValid.Assign(1); passLine.Assign(alias.PhysLine); passData.Assign(accSt.Data); passTag.Assign(accSt.Tag); passBe.Assign(be);
            passPhase.Assign(Logic.Mux(be.AndReduce(), Logic.Lit(PassWrite, 2), Logic.Lit(PassRead, 2)));
        })
            .ElseWhen(passCmpGo, () => passValid.Assign(0))
            .ElseWhen(passGrant & passPhase.Eq(PassRead), () => passPhase.Assign(PassWait))
            .ElseWhen(passMerge, () => { passData.Assign((passData & passKeep) | (MemRsp.Data & ~passKeep)); passPhase.Assign(PassWrite); });
        When(passOk, () => passMeta.Assign(Logic.Mux(accSt.Poison, Logic.Lit((1 << CxlStoreConfig.MetaBits) - 1, CxlStoreConfig.MetaBits), Logic.Lit(0, CxlStoreConfig.MetaBits))))
            .ElseWhen(passMerge, () => passMeta.Assign(passMeta | MemRsp.Meta));
        When(passGrant & passWritePhase, () => passIssued.Assign(1)).ElseWhen(passCmpGo, () => passIssued.Assign(0));

        // ---- DRS: reads of no memory first, then block-buffer lines ----
        // A read of no memory: all-ones data with Poison, opcode MemData-NXM only if the port claims CXL 3.0
        // (docs/spec/cxl-mem.md, "Reads of no memory").
        var nxmOpcode = cfg.HasMemDataNxm ? CxlOpcodes.MemDataNxm : CxlOpcodes.MemData;
        var drsFree = ~drsValid | drsHave;
        var loadNxm = nxmValid & drsFree;
        read.ServeGo.Assign(drsFree & ~nxmValid);
        var loadServe = read.ServeValid & drsFree & ~nxmValid;
        When(nxmOk, () => { nxmValid.Assign(1); nxmTag.Assign(accSt.Tag); nxmTs.Assign(accSt.Ts); })
            .ElseWhen(loadNxm, () => nxmValid.Assign(0));
        When(loadNxm, () =>
        {
            drsValid.Assign(1); drsOpcode.Assign(nxmOpcode); drsTag.Assign(nxmTag); drsTs.Assign(nxmTs); drsData.Assign(Logic.Lit((BigInteger.One << lb) - 1, lb));
            drsNxm.Assign(1); drsPoison.Assign(1);
        }).ElseWhen(loadServe, () =>
        {
            drsValid.Assign(1); drsOpcode.Assign(CxlOpcodes.MemData); drsTag.Assign(read.ServeTag); drsTs.Assign(read.ServeTs); drsData.Assign(read.ServeData);
            drsNxm.Assign(0); drsPoison.Assign(read.ServePoison);
        }).ElseWhen(drsHave, () => drsValid.Assign(0));

        S2mDrs.Valid.Assign(drsFire);
        S2mDrs.Opcode.Assign(drsOpcode);
        S2mDrs.Tag.Assign(drsTag);
        S2mDrs.Data.Assign(drsData);
        S2mDrs.MetaField.Assign(CxlOpcodes.MetaFieldNoOp);
        S2mDrs.MetaValue.Assign(0);
        S2mDrs.Poison.Assign(drsPoison);
        S2mDrs.LdId.Assign(0);
        // DevLoad (CXL 2.0 §3.3.4, QoS telemetry) from the block buffer's occupancy: busy sub-entries of 2E
        var busyCount = read.BusyCount;
        var subs = cfg.SubEntries;
        var devLoad = Wire(2);
        devLoad.Assign(Logic.Mux(busyCount >= subs, Logic.Lit(CxlOpcodes.DevLoadSevere, 2),
            Logic.Mux(busyCount >= 3 * subs / 4, Logic.Lit(CxlOpcodes.DevLoadModerate, 2),
                Logic.Mux(busyCount >= subs / 2, Logic.Lit(CxlOpcodes.DevLoadOptimal, 2), Logic.Lit(CxlOpcodes.DevLoadLight, 2)))));
        S2mDrs.DevLoad.Assign(devLoad);
        S2mNdr.Valid.Assign(ndrFire);
        S2mNdr.Tag.Assign(ndrQueue.OutData);
        S2mNdr.Opcode.Assign(CxlOpcodes.Cmp);
        S2mNdr.MetaField.Assign(CxlOpcodes.MetaFieldNoOp);
        S2mNdr.MetaValue.Assign(0);
        S2mNdr.LdId.Assign(0);
        S2mNdr.DevLoad.Assign(devLoad);

        // ---- counters ----
        var latency = now.SubWrap(drsTs);
        var writeAccepted = wcOk | passOk | (lowWrite & feCmpGo);
        foreach (var d in CxlCounters.Events(cfg))
        {
            Expr ev = d.Event switch
            {
                CxlCounters.DramReadBursts => memFire & ~memWrite,
                CxlCounters.DramWriteBursts => memFire & memWrite,
                CxlCounters.BytesReturned => drsFire & ~drsNxm,
                CxlCounters.BufferHits => readOk & read.LookupHit,
                CxlCounters.BufferMisses => readOk & ~read.LookupHit,
                CxlCounters.ReadsCompleted or CxlCounters.LatencySum or CxlCounters.LatencyMax => drsFire,
                CxlCounters.WritesCompleted => ndrFire,
                CxlCounters.ErrorsNxm => nxmOk,
                CxlCounters.ErrorsLowPrecisionWrite => lowWrite & feCmpGo,
                CxlCounters.ErrorsUnsupported => badWrite & feCmpGo,
                CxlCounters.ErrorsCreditOverrunReq => reqOverrun,
                CxlCounters.ErrorsCreditOverrunRwd => rwdOverrun,
                CxlCounters.ReadRequests => readOk & alias.Region.Eq(RegionOf(d)),
                CxlCounters.WriteRequests => writeAccepted & alias.Region.Eq(RegionOf(d)),
                _ => throw new InvalidOperationException($"counter '{d.Name}' has no event"),
            };
            counters.Events[d.Index].Assign(ev);
            counters.Values[d.Index]?.Assign(latency);
        }
    }

    private static int RegionOf(CounterDef d) => d.Region ?? throw new InvalidOperationException($"{d.Name}: a request counter needs a region");
}
