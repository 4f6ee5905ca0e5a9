using SmartQuant.Hdl.Simulation;

namespace SmartQuant.Hw.Cxl;

/// <summary>
/// The cxl-store top's ports as the specification lists them: the CXL.mem message channels with the CXL 2.0 68B-flit
/// fields (CXL 2.0 §3.3; docs/spec/cxl-mem.md, reserved bits omitted), the 64-B DRAM burst port and the register
/// port (docs/cxl-store.md). Golden-model experiments run without RTL lay out their port buffers from this list, so
/// they need not elaborate the hardware; CxlStoreInterfaceTests pins it to the elaborated top, port by port.
/// </summary>
public static class CxlStoreInterface
{
    /// <summary>Name of the emitted top module.</summary>
    public const string TopName = "cxl_store";

    /// <summary>The ports of <paramref name="cfg"/>, typed by channel (<see cref="CxlStorePortSet{T}"/>).</summary>
    public static CxlStorePortSet<PortDecl> Declared(CxlStoreConfig cfg)
    {
        const int tag = CxlStoreConfig.TagBits, line = CxlStoreConfig.LineBits;
        // valid travels with the message, ready against it; every other field with the message
        PortDecl F(string prefix, string field, int width, bool hostToDevice) => new($"{prefix}_{field}", width, hostToDevice);
        PortDecl Ready(string prefix, bool hostToDevice) => new($"{prefix}_ready", 1, !hostToDevice);
        const string req = "m2s_req", rwd = "m2s_rwd", ndr = "s2m_ndr", drs = "s2m_drs", mreq = "mem_req", mrsp = "mem_rsp";
        return new(
            new(F(req, "valid", 1, true), Ready(req, true), F(req, "opcode", 4, true), F(req, "snp_type", 3, true), F(req, "meta_field", 2, true),
                F(req, "meta_value", 2, true), F(req, "tag", tag, true), F(req, "addr", 47, true) /* Addr[51:5] */, F(req, "ld_id", 4, true), F(req, "tc", 2, true)),
            new(F(rwd, "valid", 1, true), Ready(rwd, true), F(rwd, "opcode", 4, true), F(rwd, "snp_type", 3, true), F(rwd, "meta_field", 2, true),
                F(rwd, "meta_value", 2, true), F(rwd, "tag", tag, true), F(rwd, "addr", CxlStoreConfig.HpaLineBits, true), F(rwd, "poison", 1, true),
                F(rwd, "ld_id", 4, true), F(rwd, "tc", 2, true), F(rwd, "data", line, true),
                F(rwd, "byte_enable", CxlStoreConfig.LineBytes, true) /* MemWrPtl's byte enables, sent after the data (CXL 2.0 §4.2) */),
            new(F(ndr, "valid", 1, false), Ready(ndr, false), F(ndr, "opcode", 3, false), F(ndr, "meta_field", 2, false), F(ndr, "meta_value", 2, false),
                F(ndr, "tag", tag, false), F(ndr, "ld_id", 4, false), F(ndr, "dev_load", 2, false)),
            new(F(drs, "valid", 1, false), Ready(drs, false), F(drs, "opcode", 3, false), F(drs, "meta_field", 2, false), F(drs, "meta_value", 2, false),
                F(drs, "tag", tag, false), F(drs, "poison", 1, false), F(drs, "ld_id", 4, false), F(drs, "dev_load", 2, false), F(drs, "data", line, false)),
            new(F(mreq, "valid", 1, false), Ready(mreq, false), F(mreq, "addr", cfg.PhysLineBits, false), F(mreq, "id", cfg.MemIdBits, false),
                F(mreq, "write", 1, false), F(mreq, "wdata", line, false), F(mreq, "meta", CxlStoreConfig.MetaBits, false) /* per-burst poison marks */),
            new(F(mrsp, "valid", 1, true), Ready(mrsp, true), F(mrsp, "id", cfg.MemIdBits, true), F(mrsp, "write", 1, true), F(mrsp, "data", line, true),
                F(mrsp, "meta", CxlStoreConfig.MetaBits, true)),
            new(new("regs_wr_valid", 1, true), new("regs_wr_addr", CxlStoreConfig.RegAddrBits, true), new("regs_wr_data", CxlStoreConfig.RegDataBits, true),
                new("regs_rd_addr", CxlStoreConfig.RegAddrBits, true), new("regs_rd_data", CxlStoreConfig.RegDataBits, false)));
    }

    /// <summary>The ports of <paramref name="cfg"/> in declaration order (clock and reset are the engine's).</summary>
    public static IReadOnlyList<PortDecl> Ports(CxlStoreConfig cfg) => [.. Declared(cfg).All];

    /// <summary>The port layout of <paramref name="cfg"/> from <see cref="Ports"/>, bound to no module.</summary>
    public static PortMap PortMap(CxlStoreConfig cfg) => new(TopName, Ports(cfg));
}
