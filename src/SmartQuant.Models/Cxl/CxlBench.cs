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
    public CxlStorePorts P { get; }
    public CxlMemPort Mem { get; }
    public DramModel Dram => Mem.Dram;
    public PortValues In { get; }
    public PortValues Out { get; }
    public long Cycle { get; private set; }
    /// <summary>Probability per cycle that the DRAM request / response port is hidden from the controller.</summary>
    public double MemStall { get => Mem.Stall; set => Mem.Stall = value; }

    public CxlBench(ICycleModel dut, CxlStorePorts ports, DramConfig? dram = null, int seed = 1)
    {
        Dut = dut;
        Map = ports.Map;
        P = ports;
        Mem = new CxlMemPort(ports, dram, seed);
        In = Map.NewInputs();
        Out = Map.NewOutputs();
        dut.Reset();
    }

    /// <summary>One cycle: <paramref name="drive"/> sets host inputs, then (after Evaluate) <paramref name="observe"/> sees the handshakes.</summary>
    public void Step(Action<PortValues> drive, Action<PortValues, PortValues> observe)
    {
        Mem.Drive(In);
        drive(In);
        Dut.Evaluate(In, Out);
        observe(In, Out);
        Mem.Complete(In, Out);
        Dut.Tick(In);
        Cycle++;
    }
}
