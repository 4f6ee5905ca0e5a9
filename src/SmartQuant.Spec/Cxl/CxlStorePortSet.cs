namespace SmartQuant.Hw.Cxl;

// The cxl-store top's ports as typed groups, one record per channel in the order the top declares them (CXL 2.0 §3.3
// field order, docs/spec/cxl-mem.md). Generic over what a port is: the interface specification fills it with port
// declarations (CxlStoreInterface), the test bench with buffer slots bound through the elaborated top's own signal
// fields (PortBindings.CxlStore in SmartQuant.Sim), and golden models and drivers read fields like Req.Valid, so
// a port renamed on one side is a compile error on the other instead of a "no port 'm2s_req_valid'" at run time.

/// <summary>M2S Req (request without data), host to device.</summary>
public sealed record M2SReqPorts<T>(T Valid, T Ready, T Opcode, T SnpType, T MetaField, T MetaValue, T Tag, T Addr, T LdId, T Tc)
{
    public IEnumerable<T> All => [Valid, Ready, Opcode, SnpType, MetaField, MetaValue, Tag, Addr, LdId, Tc];
    public M2SReqPorts<U> Select<U>(Func<T, U> f) => new(f(Valid), f(Ready), f(Opcode), f(SnpType), f(MetaField), f(MetaValue), f(Tag), f(Addr), f(LdId), f(Tc));
}

/// <summary>M2S RwD (request with 64-B data), host to device; ByteEnable: one bit per data byte, used by MemWrPtl.</summary>
public sealed record M2SRwdPorts<T>(T Valid, T Ready, T Opcode, T SnpType, T MetaField, T MetaValue, T Tag, T Addr, T Poison, T LdId, T Tc, T Data, T ByteEnable)
{
    public IEnumerable<T> All => [Valid, Ready, Opcode, SnpType, MetaField, MetaValue, Tag, Addr, Poison, LdId, Tc, Data, ByteEnable];
    public M2SRwdPorts<U> Select<U>(Func<T, U> f) =>
        new(f(Valid), f(Ready), f(Opcode), f(SnpType), f(MetaField), f(MetaValue), f(Tag), f(Addr), f(Poison), f(LdId), f(Tc), f(Data), f(ByteEnable));
}

/// <summary>S2M NDR (no-data response), device to host.</summary>
public sealed record S2MNdrPorts<T>(T Valid, T Ready, T Opcode, T MetaField, T MetaValue, T Tag, T LdId, T DevLoad)
{
    public IEnumerable<T> All => [Valid, Ready, Opcode, MetaField, MetaValue, Tag, LdId, DevLoad];
    public S2MNdrPorts<U> Select<U>(Func<T, U> f) => new(f(Valid), f(Ready), f(Opcode), f(MetaField), f(MetaValue), f(Tag), f(LdId), f(DevLoad));
}

/// <summary>S2M DRS (data response), device to host.</summary>
public sealed record S2MDrsPorts<T>(T Valid, T Ready, T Opcode, T MetaField, T MetaValue, T Tag, T Poison, T LdId, T DevLoad, T Data)
{
    public IEnumerable<T> All => [Valid, Ready, Opcode, MetaField, MetaValue, Tag, Poison, LdId, DevLoad, Data];
    public S2MDrsPorts<U> Select<U>(Func<T, U> f) => new(f(Valid), f(Ready), f(Opcode), f(MetaField), f(MetaValue), f(Tag), f(Poison), f(LdId), f(DevLoad), f(Data));
}

/// <summary>The 64-B burst request port toward DRAM; Meta: the burst's metadata bits, written with the data (poison marks).</summary>
public sealed record MemReqPorts<T>(T Valid, T Ready, T Addr, T Id, T Write, T Wdata, T Meta)
{
    public IEnumerable<T> All => [Valid, Ready, Addr, Id, Write, Wdata, Meta];
    public MemReqPorts<U> Select<U>(Func<T, U> f) => new(f(Valid), f(Ready), f(Addr), f(Id), f(Write), f(Wdata), f(Meta));
}

/// <summary>DRAM responses (read data with its metadata bits, or a write acknowledgement).</summary>
public sealed record MemRspPorts<T>(T Valid, T Ready, T Id, T Write, T Data, T Meta)
{
    public IEnumerable<T> All => [Valid, Ready, Id, Write, Data, Meta];
    public MemRspPorts<U> Select<U>(Func<T, U> f) => new(f(Valid), f(Ready), f(Id), f(Write), f(Data), f(Meta));
}

/// <summary>The register port (write, and the combinational read of counters and HDM registers).</summary>
public sealed record RegPorts<T>(T WrValid, T WrAddr, T WrData, T RdAddr, T RdData)
{
    public IEnumerable<T> All => [WrValid, WrAddr, WrData, RdAddr, RdData];
    public RegPorts<U> Select<U>(Func<T, U> f) => new(f(WrValid), f(WrAddr), f(WrData), f(RdAddr), f(RdData));
}

/// <summary>Every data port of the cxl-store top, grouped by channel (clock and reset are the engine's).</summary>
public sealed record CxlStorePortSet<T>(M2SReqPorts<T> Req, M2SRwdPorts<T> Rwd, S2MNdrPorts<T> Ndr, S2MDrsPorts<T> Drs,
    MemReqPorts<T> MemReq, MemRspPorts<T> MemRsp, RegPorts<T> Regs)
{
    /// <summary>All ports in the top's declaration order.</summary>
    public IEnumerable<T> All => [.. Req.All, .. Rwd.All, .. Ndr.All, .. Drs.All, .. MemReq.All, .. MemRsp.All, .. Regs.All];

    public CxlStorePortSet<U> Select<U>(Func<T, U> f) =>
        new(Req.Select(f), Rwd.Select(f), Ndr.Select(f), Drs.Select(f), MemReq.Select(f), MemRsp.Select(f), Regs.Select(f));
}
