using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>A chain of <c>depth</c> registers (≥ 1) that advance only while Enable is high (skew, deskew, reskew).</summary>
public sealed class DelayLine : Module
{
    public readonly Signal Enable, Din, Dout;
    private readonly Signal[] _stages;
    private readonly int _width, _depth;

    public override string? Variant => $"w{_width}_d{_depth}";

    public DelayLine(int width, int depth)
    {
        if (depth < 1) throw new ArgumentOutOfRangeException(nameof(depth), "a delay line needs at least one register");
        _width = width;
        _depth = depth;
        Enable = In();
        Din = In(width);
        Dout = Out(width);
        _stages = [.. Enumerable.Range(0, depth).Select(_ => Reg(width))];
        When(Enable, () =>
        {
            _stages[0].Assign(Din);
            for (var i = 1; i < depth; i++) _stages[i].Assign(_stages[i - 1]);
        });
        Dout.Assign(_stages[^1]);
    }

    /// <summary>Delays <paramref name="value"/> by <paramref name="depth"/> enabled cycles inside <paramref name="parent"/> (depth 0: the value itself).</summary>
    public static Expr Delay(Module parent, Expr enable, Expr value, int depth, string name)
    {
        if (depth == 0) return value;
        var d = parent.Reuse(static (w, n) => new DelayLine(w, n), value.Width, depth, name);
        d.Enable.Assign(enable);
        d.Din.Assign(value.AsUnsigned());
        return value.Signed ? d.Dout.AsSigned() : d.Dout;
    }
}
