// A block described outside the solution: `smartquant gen --design-file examples/SaturatingCounter.cs --out out/`
// compiles this file at run time against the construction kit, elaborates the top and writes its Verilog;
// `smartquant sim --design-file examples/SaturatingCounter.cs --cycles 20000` co-simulates it (Verilator) against
// the golden model below, driven by the driver below, every output every cycle (docs/sim.md).
using SmartQuant.Hdl;
using SmartQuant.Hdl.Simulation;
using SmartQuant.Sim;

namespace Examples;

/// <summary>Up/down counter that saturates at 0 and at its maximum instead of wrapping.</summary>
public sealed class SaturatingCounter : Module
{
    public readonly Signal Up, Down, Value, AtMax, AtZero;
    private readonly Signal _count;

    public SaturatingCounter() : this(width: 6) { }

    public SaturatingCounter(int width)
    {
        Up = In();
        Down = In();
        Value = Out(width);
        AtMax = Out();
        AtZero = Out();
        _count = Reg(width, reset: 0);

        var max = (1L << width) - 1;
        AtMax.Assign(_count.Eq(max));
        AtZero.Assign(_count.Eq(0));
        When(Up & ~Down & ~AtMax, () => _count.Assign(_count.AddWrap(1)))
            .ElseWhen(Down & ~Up & ~AtZero, () => _count.Assign(_count.SubWrap(1)));
        Value.Assign(_count);
    }
}

/// <summary>
/// Golden model, written from the counter's specification (not from its RTL): a count that goes up on Up alone,
/// down on Down alone, and stays at its maximum or at zero instead of wrapping.
/// </summary>
public sealed class SaturatingCounterGolden(SaturatingCounter counter, PortMap map) : ICycleModel
{
    // Ports bound through the module's own fields: renaming a field is a compile error here, not a run-time surprise.
    private readonly PortSlot _up = map[counter.Up], _down = map[counter.Down];
    private readonly PortSlot _value = map[counter.Value], _atMax = map[counter.AtMax], _atZero = map[counter.AtZero];
    private readonly ulong _max = map[counter.Value].TopMask;
    private ulong _count;

    public void Reset() => _count = 0;

    public void Evaluate(PortValues inputs, PortValues outputs)
    {
        outputs[_value] = _count;
        outputs[_atMax] = _count == _max ? 1UL : 0UL;
        outputs[_atZero] = _count == 0 ? 1UL : 0UL;
    }

    public void Tick(PortValues inputs)
    {
        bool up = inputs[_up] != 0, down = inputs[_down] != 0;
        if (up && !down && _count < _max) _count++;
        else if (down && !up && _count > 0) _count--;
    }
}

/// <summary>Random up/down pulses whose bias changes every 100 cycles, so runs sit at both ends often.</summary>
public sealed class SaturatingCounterDriver(SaturatingCounter counter, PortMap map, ulong seed) : IStimulusDriver
{
    private readonly SimRandom _rng = new(seed);
    private readonly PortSlot _up = map[counter.Up], _down = map[counter.Down];
    private int _upPercent = 50;

    public void Drive(long cycle, PortValues inputs, PortValues outputs)
    {
        if (cycle % 100 == 0) _upPercent = _rng.Below(101);
        inputs[_up] = _rng.Chance(_upPercent) ? 1UL : 0UL;
        inputs[_down] = _rng.Chance(100 - _upPercent) ? 1UL : 0UL;
    }
}

/// <summary>What `smartquant sim --design-file` runs: the module, its golden model and its driver.</summary>
public sealed class SaturatingCounterBench() : Testbench<SaturatingCounter>("saturating-counter", "random", "random up/down with changing bias")
{
    protected override SaturatingCounter Build() => new();
    protected override ICycleModel Golden(SaturatingCounter top, PortMap map) => new SaturatingCounterGolden(top, map);
    protected override IStimulusDriver Driver(SaturatingCounter top, PortMap map, ulong seed) => new SaturatingCounterDriver(top, map, seed);
}
