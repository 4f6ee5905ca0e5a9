using SmartQuant.Hdl.Simulation;

namespace SmartQuant.Models.Cxl;

/// <summary>The cxl-store top's ports, looked up by name once (the names the RTL emitter gives the bundles).</summary>
public sealed class Ports(PortMap m)
{
    public readonly PortSlot ReqValid = m["m2s_req_valid"], ReqReady = m["m2s_req_ready"], ReqOpcode = m["m2s_req_opcode"],
        ReqTag = m["m2s_req_tag"], ReqAddr = m["m2s_req_addr"], ReqSnpType = m["m2s_req_snp_type"], ReqMetaField = m["m2s_req_meta_field"];
    public readonly PortSlot RwdValid = m["m2s_rwd_valid"], RwdReady = m["m2s_rwd_ready"], RwdOpcode = m["m2s_rwd_opcode"],
        RwdTag = m["m2s_rwd_tag"], RwdAddr = m["m2s_rwd_addr"], RwdData = m["m2s_rwd_data"], RwdMetaField = m["m2s_rwd_meta_field"];
    public readonly PortSlot NdrValid = m["s2m_ndr_valid"], NdrReady = m["s2m_ndr_ready"], NdrOpcode = m["s2m_ndr_opcode"],
        NdrMetaField = m["s2m_ndr_meta_field"], NdrMetaValue = m["s2m_ndr_meta_value"], NdrTag = m["s2m_ndr_tag"],
        NdrLdId = m["s2m_ndr_ld_id"], NdrDevLoad = m["s2m_ndr_dev_load"];
    public readonly PortSlot DrsValid = m["s2m_drs_valid"], DrsReady = m["s2m_drs_ready"], DrsOpcode = m["s2m_drs_opcode"],
        DrsMetaField = m["s2m_drs_meta_field"], DrsMetaValue = m["s2m_drs_meta_value"], DrsTag = m["s2m_drs_tag"],
        DrsPoison = m["s2m_drs_poison"], DrsLdId = m["s2m_drs_ld_id"], DrsDevLoad = m["s2m_drs_dev_load"], DrsData = m["s2m_drs_data"];
    public readonly PortSlot MemReqValid = m["mem_req_valid"], MemReqReady = m["mem_req_ready"], MemReqAddr = m["mem_req_addr"],
        MemReqId = m["mem_req_id"], MemReqWrite = m["mem_req_write"], MemReqWdata = m["mem_req_wdata"];
    public readonly PortSlot MemRspValid = m["mem_rsp_valid"], MemRspReady = m["mem_rsp_ready"], MemRspId = m["mem_rsp_id"],
        MemRspWrite = m["mem_rsp_write"], MemRspData = m["mem_rsp_data"];
    public readonly PortSlot RegWrValid = m["regs_wr_valid"], RegWrAddr = m["regs_wr_addr"], RegWrData = m["regs_wr_data"],
        RegRdAddr = m["regs_rd_addr"], RegRdData = m["regs_rd_data"];
}
