using SmartQuant.Hdl;
using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Common;
using SmartQuant.Hw.Cxl;
using SmartQuant.Hw.MicroScopiQ;
using SmartQuant.Hw.MxIntArray;
using SmartQuant.Hw.OliveArray;
using SmartQuant.Models.ArrayBaseline;
using SmartQuant.Models.Cxl;
using SmartQuant.Models.Fifo;
using SmartQuant.Models.MacArray;
using SmartQuant.Models.MicroScopiQ;
using SmartQuant.Models.MxIntArray;
using SmartQuant.Models.OliveArray;

namespace SmartQuant.Sim;

/// <summary>
/// Typed port binding of the built-in designs: each design's port set (a record in its golden model's namespace) is
/// filled from the elaborated top module's own signal fields (<c>map[top.ActIn[r]]</c>), so renaming a field in hw/
/// is a compile error here instead of a "no port 'act_in_0'" at run time. The map must be bound to the top, which
/// <see cref="LockstepEngine"/> and <see cref="Lockstep"/> always do.
/// </summary>
public static class PortBindings
{
    public static MacArrayPorts MacArray(PortMap map)
    {
        var top = Top<Hw.MacArray.MacArrayTop>(map);
        return new(map[top.Enable], map[top.LoadWeight], map.Slots(top.ActIn), map.Slots(top.WeightIn), map.Slots(top.PsumOut), map.Slots(top.Counters));
    }

    public static FifoPorts Fifo(PortMap map)
    {
        var top = Top<Fifo>(map);
        return new(map[top.InValid], map[top.InData], map[top.InReady], map[top.OutValid], map[top.OutReady], map[top.OutData], map[top.Count]);
    }

    public static MicroScopiQPorts MicroScopiQ(PortMap map)
    {
        var top = Top<MicroScopiQTop>(map);
        return new(map, map[top.TwoBitMode],
            map[top.WValid], map[top.WReady], map[top.WRow], map[top.WBank], map[top.WWeights], map[top.WShift], map[top.WPresent], map[top.WRecords],
            map[top.ActValid], map[top.ActReady], map[top.ActBank], map.Slots(top.ActData),
            map[top.OutValid], map[top.OutReady], map[top.OutBank], map.Slots(top.OutData), map.Slots(top.Counters));
    }

    public static MxIntArrayPorts MxIntArray(PortMap map)
    {
        var t = Top<MxIntArrayTop>(map);
        var stream = new ArrayStreamPorts(map, map[t.ActValid], map[t.ActReady], map[t.ActBank], map.Slots(t.ActData),
            map[t.OutValid], map[t.OutReady], map[t.OutBank], map.Slots(t.OutData), map[t.WValid], map[t.WReady], map[t.WBank], map.Slots(t.Counters));
        return new(stream, map[t.TwoBitMode], map[t.WRow], map[t.WWeights], map[t.WShift]);
    }

    public static OliveArrayPorts OliveArray(PortMap map)
    {
        var t = Top<OliveArrayTop>(map);
        var stream = new ArrayStreamPorts(map, map[t.ActValid], map[t.ActReady], map[t.ActBank], map.Slots(t.ActData),
            map[t.OutValid], map[t.OutReady], map[t.OutBank], map.Slots(t.OutData), map[t.WValid], map[t.WReady], map[t.WBank], map.Slots(t.Counters));
        return new(stream, map[t.WPair], map[t.WCodes]);
    }

    public static CxlStorePorts CxlStore(PortMap map)
    {
        var t = Top<CxlStore>(map);
        var (q, w, n, d, mq, mr, r) = (t.M2sReq, t.M2sRwd, t.S2mNdr, t.S2mDrs, t.MemReq, t.MemRsp, t.Regs);
        return new(map, new CxlStorePortSet<PortSlot>(
            new(map[q.Valid], map[q.Ready], map[q.Opcode], map[q.SnpType], map[q.MetaField], map[q.MetaValue], map[q.Tag], map[q.Addr], map[q.LdId], map[q.Tc]),
            new(map[w.Valid], map[w.Ready], map[w.Opcode], map[w.SnpType], map[w.MetaField], map[w.MetaValue], map[w.Tag], map[w.Addr], map[w.Poison],
                map[w.LdId], map[w.Tc], map[w.Data], map[w.ByteEnable]),
            new(map[n.Valid], map[n.Ready], map[n.Opcode], map[n.MetaField], map[n.MetaValue], map[n.Tag], map[n.LdId], map[n.DevLoad]),
            new(map[d.Valid], map[d.Ready], map[d.Opcode], map[d.MetaField], map[d.MetaValue], map[d.Tag], map[d.Poison], map[d.LdId], map[d.DevLoad], map[d.Data]),
            new(map[mq.Valid], map[mq.Ready], map[mq.Addr], map[mq.Id], map[mq.Write], map[mq.Wdata], map[mq.Meta]),
            new(map[mr.Valid], map[mr.Ready], map[mr.Id], map[mr.Write], map[mr.Data], map[mr.Meta]),
            new(map[r.WrValid], map[r.WrAddr], map[r.WrData], map[r.RdAddr], map[r.RdData])));
    }

    private static T Top<T>(PortMap map) where T : Module => map.Top as T
        ?? throw new HdlException($"the port map of '{map.TopName}' is not bound to an elaborated {typeof(T).Name} (run the test through LockstepEngine or Lockstep)");
}
