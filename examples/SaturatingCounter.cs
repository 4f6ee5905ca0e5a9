// A block described outside the solution: `smartquant gen --design-file examples/SaturatingCounter.cs --out out/`
// compiles this file at run time against the construction kit, elaborates the top and writes its Verilog.
using SmartQuant.Hdl;

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
