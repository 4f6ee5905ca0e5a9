using SmartQuant.Hdl.Simulation;

namespace SmartQuant.Sim.Tests;

/// <summary>
/// A deliberately wrong golden model: the real one, with one output off by one in the cycles <paramref name="wrong"/>
/// selects. Tests use it to know exactly where the first divergence must be reported. The port is a slot from the
/// design's typed binding (<c>PortBindings.MacArray(m).PsumOut[2]</c>), so a renamed port is a compile error.
/// </summary>
internal sealed class OffByOneGolden(ICycleModel inner, PortSlot port, Func<long, bool> wrong) : ICycleModel, IWrappingModel
{
    private long _cycle;
    public ICycleModel Inner => inner;
    public void Reset() { inner.Reset(); _cycle = 0; }
    public void Tick(PortValues inputs) { inner.Tick(inputs); _cycle++; }
    public void Evaluate(PortValues inputs, PortValues outputs)
    {
        inner.Evaluate(inputs, outputs);
        if (!wrong(_cycle)) return;
        outputs[port] = (outputs[port] + 1) & port.TopMask;
    }
}
