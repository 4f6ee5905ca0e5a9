using SmartQuant.Hdl;
using SmartQuant.Hw.Common;

namespace SmartQuant.Hw.Cxl;

/// <summary>
/// Top of the SmartQuant CXL model store ("cxl-store"): CXL.mem M2S Req/RwD in, S2M NDR/DRS out, a 64-B burst
/// DRAM port and a register port. Front end in three stages: a 2-entry input FIFO per M2S channel (its ready is
/// its own fill level, never another channel's valid or the decode); pick one head (Req and RwD alternate when
/// both wait) → HDM decoder → the decode register; then alias table → block buffer (reads) or write combining
/// (full-precision writes), a passthrough write register, or an immediate answer (MemData-NXM, Cmp for errors),
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

    public CxlStore(CxlStoreConfig cfg)
    {
        cfg.Validate();
        const int tb = CxlStoreConfig.TagBits, tsb = CxlStoreConfig.TimestampBits, lb = CxlStoreConfig.LineBits;
        var pw = cfg.PhysLineBits;
        M2sReq = new M2SReq(this);
        M2sRwd = new M2SRwD(this);
        S2mNdr = new S2MNdr(this);
        S2mDrs = new S2MDrs(this);
        MemReq = new MemReqPort(this, cfg);
        MemRsp = new MemRspPort(this, cfg);
        Regs = new RegPort(this);

        var hdm = Instance(new HdmDecoder(cfg), "hdm");
        var alias = Instance(new AliasTable(cfg), "alias_table");
        var read = Instance(new ReadPath(cfg), "read_path");
        var write = Instance(new WritePath(cfg), "write_path");
        var counters = Instance(new CounterFile(cfg), "counters");
        var ndrQueue = Instance(new Fifo(new FifoConfig { Depth = cfg.NdrQueueDepth, Width = tb }), "ndr_queue");

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
        var passValid = Reg();
        var passIssued = Reg();
        var passLine = Reg(pw);
        var passData = Reg(lb);
        var passTag = Reg(tb);

        foreach (var (v, a, d) in new[] { (hdm.WrValid, hdm.WrAddr, hdm.WrData), (alias.WrValid, alias.WrAddr, alias.WrData) })
        {
            v.Assign(Regs.WrValid);
            a.Assign(Regs.WrAddr);
            d.Assign(Regs.WrData);
        }
        counters.ReadAddr.Assign(Regs.RdAddr);
        hdm.RdAddr.Assign(Regs.RdAddr);
        // below the counters: the HDM registers (software reads Committed / Error Not Committed after a Commit)
        Regs.RdData.Assign(Logic.Mux(Regs.RdAddr < CxlRegisters.CounterBase, hdm.RdData, counters.ReadData));
        now.Assign(now.AddWrap(1));

        // ---- input FIFOs: the host's handshake ends here, so m2s_*_ready depends only on the FIFO's fill level ----
        // Req entry {ts, opcode, tag, HPA line}: the arrival time starts the read latency the counters measure.
        var hw = CxlStoreConfig.HpaLineBits;
        var reqQ = Instance(new Fifo(new FifoConfig { Depth = 2, Width = tsb + 4 + tb + hw }), "req_in");
        var rwdQ = Instance(new Fifo(new FifoConfig { Depth = 2, Width = 4 + tb + hw + lb }), "rwd_in");
        reqQ.InValid.Assign(M2sReq.Valid);
        reqQ.InData.Assign(Logic.Cat(now, M2sReq.Opcode, M2sReq.Tag, M2sReq.Addr[46, 1]));
        M2sReq.Ready.Assign(reqQ.InReady);
        rwdQ.InValid.Assign(M2sRwd.Valid);
        rwdQ.InData.Assign(Logic.Cat(M2sRwd.Opcode, M2sRwd.Tag, M2sRwd.Addr, M2sRwd.Data));
        M2sRwd.Ready.Assign(rwdQ.InReady);
        var reqHead = reqQ.OutData;
        var rwdHead = rwdQ.OutData;

        // ---- decode stage: pick one head, HDM-decode it into the decode register ----
        // The register cuts the HDM decoder from the alias table and the accept logic (docs/cxl-store.md, "Logic depth").
        var decValid = Reg();
        var decRwd = Reg();
        var decOpcode = Reg(4);
        var decTag = Reg(tb);
        var decTs = Reg(tsb);
        var decData = Reg(lb);
        var decInRange = Reg();
        var decDpa = Reg(cfg.DpaLineBits);
        var pickRwd = Wire();
        pickRwd.Assign(rwdQ.OutValid & (~reqQ.OutValid | prioRwd));
        var pickReq = Wire();
        pickReq.Assign(reqQ.OutValid & ~pickRwd);
        hdm.HpaLine.Assign(Logic.Mux(pickRwd, rwdHead[lb + hw - 1, lb], reqHead[hw - 1, 0]));
        var accept = Wire();
        var advance = ~decValid | accept;
        var popReq = pickReq & advance;
        var popRwd = pickRwd & advance;
        reqQ.OutReady.Assign(popReq);
        rwdQ.OutReady.Assign(popRwd);
        When(popReq, () => prioRwd.Assign(1)).ElseWhen(popRwd, () => prioRwd.Assign(0));
        When(popReq | popRwd, () =>
        {
            decValid.Assign(1);
            decRwd.Assign(pickRwd);
            decOpcode.Assign(Logic.Mux(pickRwd, rwdHead[lb + hw + tb + 3, lb + hw + tb], reqHead[hw + tb + 3, hw + tb]));
            decTag.Assign(Logic.Mux(pickRwd, rwdHead[lb + hw + tb - 1, lb + hw], reqHead[hw + tb - 1, hw]));
            decInRange.Assign(hdm.InRange);
            decDpa.Assign(hdm.DpaLine);
        }).ElseWhen(accept, () => decValid.Assign(0));
        When(popReq, () => decTs.Assign(reqHead[hw + tb + 4 + tsb - 1, hw + tb + 4]));
        When(popRwd, () => decData.Assign(rwdHead[lb - 1, 0]));

        // ---- accept stage: alias lookup of the decode register, then one of the paths below ----
        var isReqMsg = decValid & ~decRwd;
        var isRwdMsg = decValid & decRwd;
        alias.Dpa.Assign(decDpa);
        var mapped = decInRange & alias.Hit;
        var pass = alias.Format.Eq((int)RegionFormat.Passthrough);

        var isRead = decOpcode.Eq(CxlOpcodes.MemRd) | decOpcode.Eq(CxlOpcodes.MemRdData);
        var isSpec = decOpcode.Eq(CxlOpcodes.MemSpecRd);
        var rdBuffer = isReqMsg & isRead & mapped;
        var nxmRead = isReqMsg & isRead & ~mapped;
        var reqCmp = isReqMsg & ~isRead & ~isSpec;

        var isWr = decOpcode.Eq(CxlOpcodes.MemWr);
        var wcWrite = isRwdMsg & isWr & mapped & alias.FullPrecision;
        var passWrite = isRwdMsg & isWr & mapped & pass;
        var lowWrite = isRwdMsg & isWr & mapped & ~alias.FullPrecision & ~pass;
        var badWrite = isRwdMsg & ~(isWr & mapped);
        var feCmp = reqCmp | lowWrite | badWrite;

        // read path lookup
        write.RdOffer.Assign(rdBuffer & ~pass);
        write.RdPhys.Assign(alias.PhysLine);
        var readOk = rdBuffer & ~write.RdHazard & read.LkCanAccept;
        read.LkPhys.Assign(alias.PhysLine);
        read.LkK.Assign(alias.K);
        read.LkFormat.Assign(alias.Format);
        read.LkRound.Assign(alias.Round);
        read.LkLine.Assign(alias.Line);
        read.LkPlanes.Assign(alias.Planes);
        read.LkTag.Assign(decTag);
        read.LkTs.Assign(decTs);
        read.LkGo.Assign(readOk);

        // write combining
        write.WrOffer.Assign(wcWrite);
        write.WrPhys.Assign(alias.PhysLine);
        write.WrLine.Assign(alias.Line);
        write.WrTag.Assign(decTag);
        write.WrData.Assign(decData);
        var wcOk = wcWrite & write.WrCanAccept;
        write.WrGo.Assign(wcOk);
        write.ReadBusy.Assign(read.WcBusy);
        read.WcPhys.Assign(write.WcBlock);
        read.WcInvalidate.Assign(write.Invalidate);

        // ---- NDR: write-combining Cmps, then the passthrough Cmp, then front-end Cmps ----
        var q = ndrQueue.InReady;
        var wcCmpGo = write.CmpValid & q;
        var passCmpGo = passIssued & q & ~write.CmpValid;
        var feCmpGo = feCmp & q & ~write.CmpValid & ~passIssued;
        write.CmpGo.Assign(wcCmpGo);
        ndrQueue.InValid.Assign(write.CmpValid | passIssued | feCmp);
        ndrQueue.InData.Assign(Logic.Mux(write.CmpValid, write.CmpTag,
            Logic.Mux(passIssued, passTag, decTag)));
        ndrQueue.OutReady.Assign(S2mNdr.Ready);

        var nxmOk = nxmRead & ~nxmValid;
        var passOk = passWrite & ~passValid;
        accept.Assign(readOk | nxmOk | (isReqMsg & isSpec) | feCmpGo | wcOk | passOk);

        // ---- DRAM request port ----
        var wcMem = write.MemValid;
        var passMem = passValid & ~passIssued & ~wcMem;
        var fetchMem = read.FetchValid & ~wcMem & ~(passValid & ~passIssued);
        var memValid = wcMem | passMem | fetchMem;
        MemReq.Valid.Assign(memValid);
        var zeroAddr = Logic.Lit(0, pw);
        var memLine = Wire(pw);
        memLine.Assign(Logic.Mux(wcMem, write.MemAddr, Logic.Mux(passMem, passLine, Logic.Mux(fetchMem, read.FetchAddr, zeroAddr))));
        MemReq.Addr.Assign(BankSwizzle.Apply(memLine));
        var wcId = Logic.Cat(Logic.Lit(1, 1), Logic.Lit(0, cfg.SubEntryBits), write.MemSlot);
        var fetchId = Logic.Cat(Logic.Lit(0, 1), read.FetchEntry, read.FetchSlot);
        var passId = Logic.Lit(1L << (cfg.MemIdBits - 1), cfg.MemIdBits);
        MemReq.Id.Assign(Logic.Mux(wcMem, wcId, Logic.Mux(passMem, passId, Logic.Mux(fetchMem, fetchId, Logic.Lit(0, cfg.MemIdBits)))));
        var memWrite = (wcMem & write.MemWrite) | passMem;
        MemReq.Write.Assign(memWrite);
        MemReq.Wdata.Assign(Logic.Mux(wcMem & write.MemWrite, write.MemData, Logic.Mux(passMem, passData, Logic.Lit(0, lb))));
        var memFire = memValid & MemReq.Ready;
        write.MemGrant.Assign(wcMem & MemReq.Ready);
        read.FetchGrant.Assign(fetchMem & MemReq.Ready);
        var passGrant = passMem & MemReq.Ready;

        MemRsp.Ready.Assign(Logic.Lit(1, 1));
        read.RspValid.Assign(MemRsp.Valid);
        read.RspId.Assign(MemRsp.Id);
        read.RspWrite.Assign(MemRsp.Write);
        read.RspData.Assign(MemRsp.Data);
        write.RspValid.Assign(MemRsp.Valid);
        write.RspId.Assign(MemRsp.Id);
        write.RspWrite.Assign(MemRsp.Write);
        write.RspData.Assign(MemRsp.Data);

        // ---- passthrough write register ----
        When(passOk, () => { passValid.Assign(1); passLine.Assign(alias.PhysLine); passData.Assign(decData); passTag.Assign(decTag); })
            .ElseWhen(passCmpGo, () => passValid.Assign(0));
        When(passGrant, () => passIssued.Assign(1)).ElseWhen(passCmpGo, () => passIssued.Assign(0));

        // ---- DRS: MemData-NXM first, then block-buffer lines ----
        var drsFree = ~drsValid | S2mDrs.Ready;
        var loadNxm = nxmValid & drsFree;
        read.ServeGo.Assign(drsFree & ~nxmValid);
        var loadServe = read.ServeValid & drsFree & ~nxmValid;
        When(nxmOk, () => { nxmValid.Assign(1); nxmTag.Assign(decTag); nxmTs.Assign(decTs); })
            .ElseWhen(loadNxm, () => nxmValid.Assign(0));
        When(loadNxm, () =>
        {
            drsValid.Assign(1); drsOpcode.Assign(CxlOpcodes.MemDataNxm); drsTag.Assign(nxmTag); drsTs.Assign(nxmTs); drsData.Assign(Logic.Lit(0, lb));
        }).ElseWhen(loadServe, () =>
        {
            drsValid.Assign(1); drsOpcode.Assign(CxlOpcodes.MemData); drsTag.Assign(read.ServeTag); drsTs.Assign(read.ServeTs); drsData.Assign(read.ServeData);
        }).ElseWhen(S2mDrs.Ready, () => drsValid.Assign(0));

        S2mDrs.Valid.Assign(drsValid);
        S2mDrs.Opcode.Assign(drsOpcode);
        S2mDrs.Tag.Assign(drsTag);
        S2mDrs.Data.Assign(drsData);
        S2mDrs.MetaField.Assign(CxlOpcodes.MetaFieldNoOp);
        S2mDrs.MetaValue.Assign(0);
        S2mDrs.Poison.Assign(0);
        S2mDrs.LdId.Assign(0);
        // DevLoad (CXL 2.0 §3.3.4, QoS telemetry) from the block buffer's occupancy: busy sub-entries of 2E
        var busyCount = read.BusyCount;
        var subs = cfg.SubEntries;
        var devLoad = Wire(2);
        devLoad.Assign(Logic.Mux(busyCount >= subs, Logic.Lit(CxlOpcodes.DevLoadSevere, 2),
            Logic.Mux(busyCount >= 3 * subs / 4, Logic.Lit(CxlOpcodes.DevLoadModerate, 2),
                Logic.Mux(busyCount >= subs / 2, Logic.Lit(CxlOpcodes.DevLoadOptimal, 2), Logic.Lit(CxlOpcodes.DevLoadLight, 2)))));
        S2mDrs.DevLoad.Assign(devLoad);
        S2mNdr.Valid.Assign(ndrQueue.OutValid);
        S2mNdr.Tag.Assign(ndrQueue.OutData);
        S2mNdr.Opcode.Assign(CxlOpcodes.Cmp);
        S2mNdr.MetaField.Assign(CxlOpcodes.MetaFieldNoOp);
        S2mNdr.MetaValue.Assign(0);
        S2mNdr.LdId.Assign(0);
        S2mNdr.DevLoad.Assign(devLoad);

        // ---- counters ----
        var drsFire = drsValid & S2mDrs.Ready;
        var latency = now.SubWrap(drsTs);
        var writeAccepted = wcOk | passOk | (lowWrite & feCmpGo);
        foreach (var d in CxlCounters.Events(cfg))
        {
            Expr ev = d.Name switch
            {
                CxlCounters.DramReadBursts => memFire & ~memWrite,
                CxlCounters.DramWriteBursts => memFire & memWrite,
                CxlCounters.BytesReturned => drsFire & drsOpcode.Eq(CxlOpcodes.MemData),
                CxlCounters.BufferHits => readOk & read.LkHit,
                CxlCounters.BufferMisses => readOk & ~read.LkHit,
                CxlCounters.ReadsCompleted or CxlCounters.LatencySum or CxlCounters.LatencyMax => drsFire,
                CxlCounters.WritesCompleted => S2mNdr.Valid & S2mNdr.Ready,
                CxlCounters.ErrorsNxm => nxmOk,
                CxlCounters.ErrorsLowPrecisionWrite => lowWrite & feCmpGo,
                CxlCounters.ErrorsUnsupported => badWrite & feCmpGo,
                _ when d.Name.StartsWith(CxlCounters.ReadRequests) => readOk & alias.Region.Eq(int.Parse(d.Name[(CxlCounters.ReadRequests.Length + 1)..])),
                _ when d.Name.StartsWith(CxlCounters.WriteRequests) => writeAccepted & alias.Region.Eq(int.Parse(d.Name[(CxlCounters.WriteRequests.Length + 1)..])),
                _ => throw new InvalidOperationException($"counter '{d.Name}' has no event"),
            };
            counters.Events[d.Index].Assign(ev);
            counters.Values[d.Index]?.Assign(latency);
        }
    }
}
