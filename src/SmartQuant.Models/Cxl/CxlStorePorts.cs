using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Cxl;

namespace SmartQuant.Models.Cxl;

/// <summary>
/// The cxl-store top's ports as the golden model, the benches, the host and DRAM ports and the driver use them,
/// resolved once into buffer slots and grouped by channel (<see cref="CxlStorePortSet{T}"/>). Bound through the
/// elaborated top's own signal fields by <c>PortBindings.CxlStore</c> (SmartQuant.Sim), or, for golden-model
/// experiments without RTL, from the interface specification's typed declarations (<see cref="FromSpec"/>); never by
/// rebuilding names like <c>"m2s_req_valid"</c>. <see cref="Map"/> is the layout the slots index.
/// </summary>
public sealed class CxlStorePorts
{
    public CxlStorePorts(PortMap map, CxlStorePortSet<PortSlot> slots)
    {
        Map = map;
        Slots = slots;
        (Req, Rwd, Ndr, Drs, MemReq, MemRsp, Regs) = (slots.Req, slots.Rwd, slots.Ndr, slots.Drs, slots.MemReq, slots.MemRsp, slots.Regs);
    }

    public PortMap Map { get; }
    public CxlStorePortSet<PortSlot> Slots { get; }
    public M2SReqPorts<PortSlot> Req { get; }
    public M2SRwdPorts<PortSlot> Rwd { get; }
    public S2MNdrPorts<PortSlot> Ndr { get; }
    public S2MDrsPorts<PortSlot> Drs { get; }
    public MemReqPorts<PortSlot> MemReq { get; }
    public MemRspPorts<PortSlot> MemRsp { get; }
    public RegPorts<PortSlot> Regs { get; }

    /// <summary>The ports of <paramref name="cfg"/> laid out from the interface specification (no RTL is elaborated);
    /// <c>CxlStorePortsTests</c> pins every slot to the one bound through the elaborated top.</summary>
    public static CxlStorePorts FromSpec(CxlStoreConfig cfg)
    {
        var declared = CxlStoreInterface.Declared(cfg);
        var map = new PortMap(CxlStoreInterface.TopName, declared.All);
        return new(map, declared.Select(d => map[d]));
    }
}
