using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>
/// One stage of the <see cref="CorrectionChain"/>: the correction sums (Lanes × AW bits) of the token that is at this
/// stage. Each cycle it takes the stage above while the array advances (Moved = Above) or keeps its own (Moved =
/// Value) while frozen; a unit that targets this stage (Hit[k]) reads Moved through Offer[k] and its sum Added[k]
/// is what the stage keeps instead.
/// </summary>
public sealed class CorrectionStage : Module
{
    public readonly Signal Enable, Above;
    public readonly Signal[] Hit, Added, Offer;
    public readonly Signal Value;
    private readonly int _width, _units;

    public override string? Variant => $"w{_width}_g{_units}";

    public CorrectionStage(int width, int units)
    {
        _width = width; _units = units;
        Enable = In(); Above = In(width);
        Hit = [.. Enumerable.Range(0, units).Select(_ => In())];
        Added = [.. Enumerable.Range(0, units).Select(_ => In(width))];
        Offer = [.. Enumerable.Range(0, units).Select(_ => Out(width))];
        Value = Out(width);

        var sums = Reg(width);
        var moved = Wire(width);
        moved.Assign(Logic.Mux(Enable, Above, sums));
        for (var k = 0; k < units; k++) Offer[k].Assign(Logic.Repeat(Hit[k], width) & moved);
        var any = Hit.Select(h => (Expr)h).Aggregate((a, b) => a | b);
        var written = Enumerable.Range(0, units).Select(k => Logic.Repeat(Hit[k], width) & Added[k]).Aggregate((a, b) => a | b);
        sums.Assign(written | (Logic.Repeat(~any, width) & moved));
        Value.Assign(sums);
    }
}
