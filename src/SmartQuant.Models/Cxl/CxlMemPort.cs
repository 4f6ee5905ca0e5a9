using SmartQuant.Hdl.Simulation;
using SmartQuant.Models.Dram;

namespace SmartQuant.Models.Cxl;

/// <summary>
/// The test bench's DRAM behind the cxl-store memory port. Split in two halves so it works both in the golden
/// bench (drive, evaluate, complete in one cycle) and in lockstep co-simulation, where the stimulus driver only
/// sees the RTL's outputs one cycle late: <see cref="Drive"/> sets cycle c's memory inputs from DRAM state before c
/// (the DRAM model's outputs are registered), <see cref="Complete"/> ends cycle c from that cycle's inputs and outputs.
/// </summary>
public sealed class CxlMemPort
{
    private readonly Ports _p;
    private readonly Random _rng;
    private DramResponse? _shown, _converted;
    private ulong[] _convertedData = Line.Zero; // a held response is converted once, not every cycle

    public CxlMemPort(PortMap map, DramConfig? dram = null, int seed = 1)
    {
        _p = new Ports(map);
        Dram = new DramModel(dram);
        _rng = new Random(seed);
    }

    public DramModel Dram { get; }
    /// <summary>Probability per cycle that the DRAM request ready / response valid is hidden from the controller.</summary>
    public double Stall { get; set; }

    /// <summary>Sets this cycle's mem_req_ready and mem_rsp_* inputs.</summary>
    public void Drive(PortValues i)
    {
        var stallReq = Stall > 0 && _rng.NextDouble() < Stall;
        var stallRsp = Stall > 0 && _rng.NextDouble() < Stall;
        i[_p.MemReqReady] = Dram.RequestReady && !stallReq ? 1UL : 0;
        _shown = stallRsp ? null : Dram.Response;
        i[_p.MemRspValid] = _shown is null ? 0UL : 1;
        i[_p.MemRspId] = _shown is null ? 0UL : (ulong)_shown.Id;
        i[_p.MemRspWrite] = _shown is { IsWrite: true } ? 1UL : 0;
        if (!ReferenceEquals(_shown, _converted)) (_converted, _convertedData) = (_shown, _shown is { IsWrite: false } ? Line.FromBytes(_shown.Data) : Line.Zero);
        i.SetWide(_p.MemRspData, _shown is null ? Line.Zero : _convertedData);
    }

    /// <summary>Ends the cycle whose inputs <paramref name="i"/> and outputs <paramref name="o"/> are given: both handshakes, one DRAM clock.</summary>
    public void Complete(PortValues i, PortValues o)
    {
        DramRequest? req = null;
        if (o[_p.MemReqValid] != 0 && i[_p.MemReqReady] != 0)
        {
            var addr = o[_p.MemReqAddr] * 64;
            var id = (int)o[_p.MemReqId];
            req = o[_p.MemReqWrite] != 0 ? DramRequest.Write(id, addr, Line.ToBytes(o.GetWide(_p.MemReqWdata))) : DramRequest.Read(id, addr);
        }
        Dram.Clock(req, _shown is not null && o[_p.MemRspReady] != 0);
    }
}
