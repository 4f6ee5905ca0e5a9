using SmartQuant.Hdl;

namespace SmartQuant.Hw.MacArray;

/// <summary>
/// One weight-stationary processing element: holds a weight, multiplies the activation passing west→east by it and
/// adds the product to the partial sum passing north→south. Weights shift down the column while LoadWeight is high.
/// Everything holds while Enable is low (a stall).
/// </summary>
public sealed class MacPe : Module
{
    public readonly Signal Enable, LoadWeight;
    public readonly Signal ActIn, WeightIn, PsumIn;
    public readonly Signal ActOut, WeightOut, PsumOut;
    private readonly Signal _weight, _act, _psum;
    private readonly MacArrayConfig _cfg;

    public override string? Variant => $"w{_cfg.OperandWidth}_a{_cfg.AccumulatorWidth}";

    public MacPe(MacArrayConfig cfg)
    {
        _cfg = cfg;
        Enable = In();
        LoadWeight = In();
        ActIn = In(cfg.OperandWidth, signed: true);
        WeightIn = In(cfg.OperandWidth, signed: true);
        PsumIn = In(cfg.AccumulatorWidth, signed: true);
        ActOut = Out(cfg.OperandWidth, signed: true);
        WeightOut = Out(cfg.OperandWidth, signed: true);
        PsumOut = Out(cfg.AccumulatorWidth, signed: true);

        _weight = Reg(cfg.OperandWidth, signed: true);
        _act = Reg(cfg.OperandWidth, signed: true);
        _psum = Reg(cfg.AccumulatorWidth, signed: true);

        var product = ActIn * _weight;
        When(Enable, () =>
        {
            _act.Assign(ActIn);
            // The accumulator wraps at its width, like the two's-complement adders it models.
            _psum.Assign(PsumIn.AddWrap(product.Extend(cfg.AccumulatorWidth)));
            When(LoadWeight, () => _weight.Assign(WeightIn));
        });
        ActOut.Assign(_act);
        WeightOut.Assign(_weight);
        PsumOut.Assign(_psum);
    }
}
