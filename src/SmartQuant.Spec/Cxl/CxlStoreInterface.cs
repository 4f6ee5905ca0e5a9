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

    /// <summary>The ports of <paramref name="cfg"/> in declaration order (clock and reset are the engine's).</summary>
    public static IReadOnlyList<PortDecl> Ports(CxlStoreConfig cfg)
    {
        const int tag = CxlStoreConfig.TagBits, line = CxlStoreConfig.LineBits;
        var ports = new List<PortDecl>();
        void Channel(string prefix, bool hostToDevice, params (string Field, int Width)[] fields)
        {
            // valid travels with the message, ready against it
            ports.Add(new($"{prefix}_valid", 1, hostToDevice));
            ports.Add(new($"{prefix}_ready", 1, !hostToDevice));
            foreach (var (field, width) in fields) ports.Add(new($"{prefix}_{field}", width, hostToDevice));
        }
        Channel("m2s_req", true, ("opcode", 4), ("snp_type", 3), ("meta_field", 2), ("meta_value", 2), ("tag", tag),
            ("addr", 47), ("ld_id", 4), ("tc", 2));                                        // Addr[51:5]
        Channel("m2s_rwd", true, ("opcode", 4), ("snp_type", 3), ("meta_field", 2), ("meta_value", 2), ("tag", tag),
            ("addr", CxlStoreConfig.HpaLineBits), ("poison", 1), ("ld_id", 4), ("tc", 2), ("data", line));
        Channel("s2m_ndr", false, ("opcode", 3), ("meta_field", 2), ("meta_value", 2), ("tag", tag), ("ld_id", 4), ("dev_load", 2));
        Channel("s2m_drs", false, ("opcode", 3), ("meta_field", 2), ("meta_value", 2), ("tag", tag), ("poison", 1), ("ld_id", 4),
            ("dev_load", 2), ("data", line));
        Channel("mem_req", false, ("addr", cfg.PhysLineBits), ("id", cfg.MemIdBits), ("write", 1), ("wdata", line));
        Channel("mem_rsp", true, ("id", cfg.MemIdBits), ("write", 1), ("data", line));
        ports.Add(new("regs_wr_valid", 1, true));
        ports.Add(new("regs_wr_addr", CxlStoreConfig.RegAddrBits, true));
        ports.Add(new("regs_wr_data", CxlStoreConfig.RegDataBits, true));
        ports.Add(new("regs_rd_addr", CxlStoreConfig.RegAddrBits, true));
        ports.Add(new("regs_rd_data", CxlStoreConfig.RegDataBits, false));
        return ports;
    }

    /// <summary>The port layout of <paramref name="cfg"/> from <see cref="Ports"/>, bound to no module.</summary>
    public static PortMap PortMap(CxlStoreConfig cfg) => new(TopName, Ports(cfg));
}
