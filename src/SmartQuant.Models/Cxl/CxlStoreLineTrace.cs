using System.Text;
using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Cxl;

namespace SmartQuant.Models.Cxl;

/// <summary>
/// The cxl-store's line: the messages sent this cycle on each channel (M2S Req and RwD in, S2M
/// NDR and DRS out, with opcode, tag and host line address), the DRAM commands issued and completed, and the block
/// buffer's cumulative hits and misses (the golden model's counters), e.g.
/// <c>req rd t5 @00012 | rwd -- | ndr -- | drs t3 | dram RD 00340#2 <- #1 | hit 12 miss 3</c>; <c>--</c> where a channel is idle.
/// </summary>
public sealed class CxlStoreLineTrace(CxlStoreModel model) : ILineTrace
{
    private readonly CxlStorePorts _p = model.Ports;

    public void Append(StringBuilder line, PortValues inputs, PortValues outputs)
    {
        var p = _p;
        line.Append("req ");
        if (inputs[p.Req.Valid] != 0)
            line.Append(ReqName((int)inputs[p.Req.Opcode])).Append(" t").Append(inputs[p.Req.Tag]).Append(" @").Append(inputs[p.Req.Addr].ToString("x5"));
        else line.Append("--");
        line.Append(" | rwd ");
        if (inputs[p.Rwd.Valid] != 0)
            line.Append(inputs[p.Rwd.Opcode] == (ulong)CxlOpcodes.MemWrPtl ? "wrptl" : "wr").Append(" t").Append(inputs[p.Rwd.Tag]).Append(" @").Append(inputs[p.Rwd.Addr].ToString("x5"));
        else line.Append("--");
        line.Append(" | ndr ");
        if (outputs[p.Ndr.Valid] != 0) line.Append("cmp t").Append(outputs[p.Ndr.Tag]);
        else line.Append("--");
        line.Append(" | drs ");
        if (outputs[p.Drs.Valid] != 0)
            line.Append(outputs[p.Drs.Opcode] == (ulong)CxlOpcodes.MemDataNxm ? "nxm t" : outputs[p.Drs.Poison] != 0 ? "poison t" : "t").Append(outputs[p.Drs.Tag]);
        else line.Append("--");
        line.Append(" | dram");
        var issued = outputs[p.MemReq.Valid] != 0 && inputs[p.MemReq.Ready] != 0;
        if (issued)
            line.Append(outputs[p.MemReq.Write] != 0 ? " WR " : " RD ").Append(outputs[p.MemReq.Addr].ToString("x5")).Append('#').Append(outputs[p.MemReq.Id]);
        if (inputs[p.MemRsp.Valid] != 0 && outputs[p.MemRsp.Ready] != 0)
            line.Append(" <- #").Append(inputs[p.MemRsp.Id]);
        else if (!issued) line.Append(" --");
        line.Append(" | hit ").Append(model.Counter(SmartQuant.Hw.Cxl.CxlCounters.BufferHits))
            .Append(" miss ").Append(model.Counter(SmartQuant.Hw.Cxl.CxlCounters.BufferMisses));
    }

    private static string ReqName(int opcode) => opcode switch
    {
        CxlOpcodes.MemRd => "rd",
        CxlOpcodes.MemRdData => "rddata",
        CxlOpcodes.MemInv => "inv",
        CxlOpcodes.MemSpecRd => "specrd",
        _ => $"op{opcode}",
    };
}
