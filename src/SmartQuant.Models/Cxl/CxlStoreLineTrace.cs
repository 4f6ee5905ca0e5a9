using System.Text;
using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Cxl;

namespace SmartQuant.Models.Cxl;

/// <summary>
/// The cxl-store's line: the messages that complete a handshake this cycle on each channel (M2S Req and RwD in, S2M
/// NDR and DRS out, with opcode, tag and host line address), the DRAM commands issued and completed, and the block
/// buffer's cumulative hits and misses (the golden model's counters), e.g.
/// <c>req rd t5 @00012 | rwd -- | ndr -- | drs t3 | dram RD 00340#2 <- #1 | hit 12 miss 3</c>; <c>--</c> where a channel is idle.
/// </summary>
public sealed class CxlStoreLineTrace(CxlStoreModel model, PortMap map) : ILineTrace
{
    private readonly Ports _p = new(map);

    public void Append(StringBuilder line, PortValues inputs, PortValues outputs)
    {
        var p = _p;
        line.Append("req ");
        if (inputs[p.ReqValid] != 0 && outputs[p.ReqReady] != 0)
            line.Append(ReqName((int)inputs[p.ReqOpcode])).Append(" t").Append(inputs[p.ReqTag]).Append(" @").Append(inputs[p.ReqAddr].ToString("x5"));
        else line.Append("--");
        line.Append(" | rwd ");
        if (inputs[p.RwdValid] != 0 && outputs[p.RwdReady] != 0)
            line.Append(inputs[p.RwdOpcode] == (ulong)CxlOpcodes.MemWrPtl ? "wrptl" : "wr").Append(" t").Append(inputs[p.RwdTag]).Append(" @").Append(inputs[p.RwdAddr].ToString("x5"));
        else line.Append("--");
        line.Append(" | ndr ");
        if (outputs[p.NdrValid] != 0 && inputs[p.NdrReady] != 0) line.Append("cmp t").Append(outputs[p.NdrTag]);
        else line.Append("--");
        line.Append(" | drs ");
        if (outputs[p.DrsValid] != 0 && inputs[p.DrsReady] != 0)
            line.Append(outputs[p.DrsOpcode] == (ulong)CxlOpcodes.MemDataNxm ? "nxm t" : outputs[p.DrsPoison] != 0 ? "poison t" : "t").Append(outputs[p.DrsTag]);
        else line.Append("--");
        line.Append(" | dram");
        var issued = outputs[p.MemReqValid] != 0 && inputs[p.MemReqReady] != 0;
        if (issued)
            line.Append(outputs[p.MemReqWrite] != 0 ? " WR " : " RD ").Append(outputs[p.MemReqAddr].ToString("x5")).Append('#').Append(outputs[p.MemReqId]);
        if (inputs[p.MemRspValid] != 0 && outputs[p.MemRspReady] != 0)
            line.Append(" <- #").Append(inputs[p.MemRspId]);
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
