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
    private readonly CxlStorePorts _p;
    private readonly Random _rng;
    private DramResponse? _shown, _converted;
    private ulong[] _convertedData = Line.Zero; // a held response is converted once, not every cycle

    public CxlMemPort(CxlStorePorts ports, DramConfig? dram = null, int seed = 1)
    {
        _p = ports;
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
        i[_p.MemReq.Ready] = Dram.RequestReady && !stallReq ? 1UL : 0;
        _shown = stallRsp ? null : Dram.Response;
        i[_p.MemRsp.Valid] = _shown is null ? 0UL : 1;
        i[_p.MemRsp.Id] = _shown is null ? 0UL : (ulong)_shown.Id;
        i[_p.MemRsp.Write] = _shown is { IsWrite: true } ? 1UL : 0;
        if (!ReferenceEquals(_shown, _converted)) (_converted, _convertedData) = (_shown, _shown is { IsWrite: false } ? Line.FromBytes(_shown.Data) : Line.Zero);
        i.SetWide(_p.MemRsp.Data, _shown is null ? Line.Zero : _convertedData);
        i[_p.MemRsp.Meta] = _shown is { IsWrite: false } ? _shown.Meta : 0UL;
    }

    /// <summary>Ends the cycle whose inputs <paramref name="i"/> and outputs <paramref name="o"/> are given: both handshakes, one DRAM clock.</summary>
    public void Complete(PortValues i, PortValues o)
    {
        DramRequest? req = null;
        if (o[_p.MemReq.Valid] != 0 && i[_p.MemReq.Ready] != 0)
        {
            var addr = o[_p.MemReq.Addr] * 64;
            var id = (int)o[_p.MemReq.Id];
            req = o[_p.MemReq.Write] != 0 ? DramRequest.Write(id, addr, Line.ToBytes(o.GetWide(_p.MemReq.Wdata)), (byte)o[_p.MemReq.Meta]) : DramRequest.Read(id, addr);
        }
        Dram.Clock(req, _shown is not null && o[_p.MemRsp.Ready] != 0);
    }
}
