using SmartQuant.Hdl;
using SmartQuant.Hw.Common;

namespace SmartQuant.Hw.Cxl;

/// <summary>
/// Top of the SmartQuant CXL model store ("cxl-store"): CXL.mem M2S Req/RwD in, S2M NDR/DRS out, a 64-B burst
/// DRAM port and a register port. One M2S message is decoded per cycle (Req and RwD alternate when both wait):
/// HDM decoder → alias table → block buffer (reads) or write combining (full-precision writes), a passthrough
/// write register, or an immediate answer (MemData-NXM, Cmp for errors). DRAM requests: write-combining flush
/// first, then the passthrough write, then plane fetches. See docs/cxl-store.md for the cycle-level contract.
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

        var prioRwd = Reg().Named("prio_rwd");
        var now = Reg(tsb).Named("now");
        var nxmValid = Reg().Named("nxm_valid");
        var nxmTag = Reg(tb).Named("nxm_tag");
        var nxmTs = Reg(tsb).Named("nxm_ts");
        var drsValid = Reg().Named("drs_valid");
        var drsOpcode = Reg(3).Named("drs_opcode");
        var drsTag = Reg(tb).Named("drs_tag");
        var drsTs = Reg(tsb).Named("drs_ts");
        var drsData = Reg(lb).Named("drs_data");
        var passValid = Reg().Named("pass_valid");
        var passIssued = Reg().Named("pass_issued");
        var passLine = Reg(pw).Named("pass_line");
        var passData = Reg(lb).Named("pass_data");
        var passTag = Reg(tb).Named("pass_tag");

        foreach (var (v, a, d) in new[] { (hdm.WrValid, hdm.WrAddr, hdm.WrData), (alias.WrValid, alias.WrAddr, alias.WrData) })
        {
            v.Assign(Regs.WrValid);
            a.Assign(Regs.WrAddr);
            d.Assign(Regs.WrData);
        }
        counters.ReadAddr.Assign(Regs.RdAddr);
        Regs.RdData.Assign(counters.ReadData);
        now.Assign(now.AddWrap(1));

        // ---- front end: pick one message, decode ----
        var pickRwd = Wire().Named("pick_rwd");
        pickRwd.Assign(M2sRwd.Valid & (~M2sReq.Valid | prioRwd));
        var pickReq = Wire().Named("pick_req");
        pickReq.Assign(M2sReq.Valid & ~pickRwd);
        hdm.HpaLine.Assign(Logic.Mux(pickRwd, M2sRwd.Addr, M2sReq.Addr[46, 1]));
        alias.Dpa.Assign(hdm.DpaLine);
        var mapped = hdm.InRange & alias.Hit;
        var pass = alias.Format.Eq((int)RegionFormat.Passthrough);

        var isRead = M2sReq.Opcode.Eq(CxlOpcodes.MemRd) | M2sReq.Opcode.Eq(CxlOpcodes.MemRdData);
        var isSpec = M2sReq.Opcode.Eq(CxlOpcodes.MemSpecRd);
        var rdBuffer = pickReq & isRead & mapped;
        var nxmRead = pickReq & isRead & ~mapped;
        var reqCmp = pickReq & ~isRead & ~isSpec;

        var isWr = M2sRwd.Opcode.Eq(CxlOpcodes.MemWr);
        var wcWrite = pickRwd & isWr & mapped & alias.FullPrecision;
        var passWrite = pickRwd & isWr & mapped & pass;
        var lowWrite = pickRwd & isWr & mapped & ~alias.FullPrecision & ~pass;
        var badWrite = pickRwd & ~(isWr & mapped);
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
        read.LkTag.Assign(M2sReq.Tag);
        read.LkTs.Assign(now);
        read.LkGo.Assign(readOk);

        // write combining
        write.WrOffer.Assign(wcWrite);
        write.WrPhys.Assign(alias.PhysLine);
        write.WrLine.Assign(alias.Line);
        write.WrTag.Assign(M2sRwd.Tag);
        write.WrData.Assign(M2sRwd.Data);
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
            Logic.Mux(passIssued, passTag, Logic.Mux(pickRwd, M2sRwd.Tag, M2sReq.Tag))));
        ndrQueue.OutReady.Assign(S2mNdr.Ready);

        var nxmOk = nxmRead & ~nxmValid;
        var passOk = passWrite & ~passValid;
        var accept = readOk | nxmOk | (pickReq & isSpec) | feCmpGo | wcOk | passOk;
        M2sReq.Ready.Assign(pickReq & accept);
        M2sRwd.Ready.Assign(pickRwd & accept);
        When(pickReq & accept, () => prioRwd.Assign(1)).ElseWhen(pickRwd & accept, () => prioRwd.Assign(0));

        // ---- DRAM request port ----
        var wcMem = write.MemValid;
        var passMem = passValid & ~passIssued & ~wcMem;
        var fetchMem = read.FetchValid & ~wcMem & ~(passValid & ~passIssued);
        var memValid = wcMem | passMem | fetchMem;
        MemReq.Valid.Assign(memValid);
        var zeroAddr = Logic.Lit(0, pw);
        MemReq.Addr.Assign(Logic.Mux(wcMem, write.MemAddr, Logic.Mux(passMem, passLine, Logic.Mux(fetchMem, read.FetchAddr, zeroAddr))));
        var wcId = Logic.Cat(Logic.Lit(1, 1), Logic.Lit(0, cfg.EntryBits), write.MemSlot);
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
        When(passOk, () => { passValid.Assign(1); passLine.Assign(alias.PhysLine); passData.Assign(M2sRwd.Data); passTag.Assign(M2sRwd.Tag); })
            .ElseWhen(passCmpGo, () => passValid.Assign(0));
        When(passGrant, () => passIssued.Assign(1)).ElseWhen(passCmpGo, () => passIssued.Assign(0));

        // ---- DRS: MemData-NXM first, then block-buffer lines ----
        var drsFree = ~drsValid | S2mDrs.Ready;
        var loadNxm = nxmValid & drsFree;
        read.ServeGo.Assign(drsFree & ~nxmValid);
        var loadServe = read.ServeValid & drsFree & ~nxmValid;
        When(nxmOk, () => { nxmValid.Assign(1); nxmTag.Assign(M2sReq.Tag); nxmTs.Assign(now); })
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
        S2mDrs.DevLoad.Assign(CxlOpcodes.DevLoadLight);
        S2mNdr.Valid.Assign(ndrQueue.OutValid);
        S2mNdr.Tag.Assign(ndrQueue.OutData);
        S2mNdr.Opcode.Assign(CxlOpcodes.Cmp);
        S2mNdr.MetaField.Assign(CxlOpcodes.MetaFieldNoOp);
        S2mNdr.MetaValue.Assign(0);
        S2mNdr.LdId.Assign(0);
        S2mNdr.DevLoad.Assign(CxlOpcodes.DevLoadLight);

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
