using SmartQuant.Hdl;

namespace SmartQuant.Hw.Cxl;

// CXL.mem channels at message level: one valid/ready channel per message class with the CXL 2.0 68B-flit fields
// (CXL 2.0 §3.3; docs/spec/cxl-mem.md). Field order follows the spec's MSB→LSB listing; reserved bits are omitted.

/// <summary>M2S Req (request without data), received by the device.</summary>
public sealed class M2SReq : Bundle
{
    public readonly Signal Valid, Ready, Opcode, SnpType, MetaField, MetaValue, Tag, Addr, LdId, Tc;

    public M2SReq(Module m)
    {
        Valid = m.In();
        Ready = m.Out();
        Opcode = m.In(4);
        SnpType = m.In(3);
        MetaField = m.In(2);
        MetaValue = m.In(2);
        Tag = m.In(CxlStoreConfig.TagBits);
        Addr = m.In(47);           // Addr[51:5]; bit 5 is ignored: the store answers whole 64-B lines
        LdId = m.In(4);
        Tc = m.In(2);
    }
}

/// <summary>M2S RwD (request with 64-B data), received by the device. ByteEnable: bit i enables data byte i of a
/// MemWrPtl (the 68B flit carries a partial write's 64 byte enables in a slot after the data, CXL 2.0 §4.2);
/// MemWr ignores it (every byte is written).</summary>
public sealed class M2SRwD : Bundle
{
    public readonly Signal Valid, Ready, Opcode, SnpType, MetaField, MetaValue, Tag, Addr, Poison, LdId, Tc, Data, ByteEnable;

    public M2SRwD(Module m)
    {
        Valid = m.In();
        Ready = m.Out();
        Opcode = m.In(4);
        SnpType = m.In(3);
        MetaField = m.In(2);
        MetaValue = m.In(2);
        Tag = m.In(CxlStoreConfig.TagBits);
        Addr = m.In(CxlStoreConfig.HpaLineBits);   // Addr[51:6]
        Poison = m.In();
        LdId = m.In(4);
        Tc = m.In(2);
        Data = m.In(CxlStoreConfig.LineBits);
        ByteEnable = m.In(CxlStoreConfig.LineBytes);
    }
}

/// <summary>S2M NDR (no-data response: Cmp), sent by the device.</summary>
public sealed class S2MNdr : Bundle
{
    public readonly Signal Valid, Ready, Opcode, MetaField, MetaValue, Tag, LdId, DevLoad;

    public S2MNdr(Module m)
    {
        Valid = m.Out();
        Ready = m.In();
        Opcode = m.Out(3);
        MetaField = m.Out(2);
        MetaValue = m.Out(2);
        Tag = m.Out(CxlStoreConfig.TagBits);
        LdId = m.Out(4);
        DevLoad = m.Out(2);
    }
}

/// <summary>S2M DRS (data response: MemData / MemData-NXM), sent by the device.</summary>
public sealed class S2MDrs : Bundle
{
    public readonly Signal Valid, Ready, Opcode, MetaField, MetaValue, Tag, Poison, LdId, DevLoad, Data;

    public S2MDrs(Module m)
    {
        Valid = m.Out();
        Ready = m.In();
        Opcode = m.Out(3);
        MetaField = m.Out(2);
        MetaValue = m.Out(2);
        Tag = m.Out(CxlStoreConfig.TagBits);
        Poison = m.Out();
        LdId = m.Out(4);
        DevLoad = m.Out(2);
        Data = m.Out(CxlStoreConfig.LineBits);
    }
}

/// <summary>64-byte burst request port toward DRAM (addresses in 64-B lines; ids echoed in responses). Meta: the burst's
/// metadata bits, stored with a write's data (the store's poison marks, docs/cxl-store.md "Poison").</summary>
public sealed class MemReqPort : Bundle
{
    public readonly Signal Valid, Ready, Addr, Id, Write, Wdata, Meta;

    public MemReqPort(Module m, CxlStoreConfig cfg)
    {
        Valid = m.Out();
        Ready = m.In();
        Addr = m.Out(cfg.PhysLineBits);
        Id = m.Out(cfg.MemIdBits);
        Write = m.Out();
        Wdata = m.Out(CxlStoreConfig.LineBits);
        Meta = m.Out(CxlStoreConfig.MetaBits);
    }
}

/// <summary>DRAM responses: read data and its metadata bits, or a write acknowledgement (write = 1, data unused).</summary>
public sealed class MemRspPort : Bundle
{
    public readonly Signal Valid, Ready, Id, Write, Data, Meta;

    public MemRspPort(Module m, CxlStoreConfig cfg)
    {
        Valid = m.In();
        Ready = m.Out();
        Id = m.In(cfg.MemIdBits);
        Write = m.In();
        Data = m.In(CxlStoreConfig.LineBits);
        Meta = m.In(CxlStoreConfig.MetaBits);
    }
}

/// <summary>Register port (the CXL.io BAR stand-in): one write per cycle, combinational counter read.</summary>
public sealed class RegPort : Bundle
{
    public readonly Signal WrValid, WrAddr, WrData, RdAddr, RdData;

    public RegPort(Module m)
    {
        WrValid = m.In();
        WrAddr = m.In(CxlStoreConfig.RegAddrBits);
        WrData = m.In(CxlStoreConfig.RegDataBits);
        RdAddr = m.In(CxlStoreConfig.RegAddrBits);
        RdData = m.Out(CxlStoreConfig.RegDataBits);
    }
}
