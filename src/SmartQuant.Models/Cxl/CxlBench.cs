using SmartQuant.Hdl.Simulation;
using SmartQuant.Models.Dram;

namespace SmartQuant.Models.Cxl;

/// <summary>
/// Connects a cxl-store model (golden or RTL, anything implementing <see cref="ICycleModel"/>) to a
/// <see cref="DramModel"/> on its memory port, one controller cycle per <see cref="Step"/>. The host side is
/// driven by a callback that fills the M2S/ready inputs and observes the outputs after Evaluate.
/// </summary>
public sealed class CxlBench
{
    public ICycleModel Dut { get; }
    public PortMap Map { get; }
    public Ports P { get; }
    public DramModel Dram { get; }
    public PortValues In { get; }
    public PortValues Out { get; }
    public long Cycle { get; private set; }
    /// <summary>Probability per cycle that the DRAM request / response port is hidden from the controller.</summary>
    public double MemStall { get; set; }
    private readonly Random _rng;

    public CxlBench(ICycleModel dut, PortMap map, DramConfig? dram = null, int seed = 1)
    {
        Dut = dut;
        Map = map;
        P = new Ports(map);
        Dram = new DramModel(dram);
        In = map.NewInputs();
        Out = map.NewOutputs();
        _rng = new Random(seed);
        dut.Reset();
    }

    /// <summary>One cycle: <paramref name="drive"/> sets host inputs, then (after Evaluate) <paramref name="observe"/> sees the handshakes.</summary>
    public void Step(Action<PortValues> drive, Action<PortValues, PortValues> observe)
    {
        var stallReq = MemStall > 0 && _rng.NextDouble() < MemStall;
        var stallRsp = MemStall > 0 && _rng.NextDouble() < MemStall;
        In[P.MemReqReady] = Dram.RequestReady && !stallReq ? 1UL : 0;
        var rsp = stallRsp ? null : Dram.Response;
        In[P.MemRspValid] = rsp is null ? 0UL : 1;
        In[P.MemRspId] = rsp is null ? 0UL : (ulong)rsp.Id;
        In[P.MemRspWrite] = rsp is { IsWrite: true } ? 1UL : 0;
        In.SetWide(P.MemRspData, rsp is { IsWrite: false } ? Line.FromBytes(rsp.Data) : Line.New());
        drive(In);
        Dut.Evaluate(In, Out);
        observe(In, Out);
        DramRequest? req = null;
        if (Out[P.MemReqValid] != 0 && In[P.MemReqReady] != 0)
        {
            var addr = Out[P.MemReqAddr] * 64;
            var id = (int)Out[P.MemReqId];
            req = Out[P.MemReqWrite] != 0 ? DramRequest.Write(id, addr, Line.ToBytes(Out.GetWide(P.MemReqWdata))) : DramRequest.Read(id, addr);
        }
        Dram.Clock(req, rsp is not null && Out[P.MemRspReady] != 0);
        Dut.Tick(In);
        Cycle++;
    }
}
