using SmartQuant.Hdl;

namespace SmartQuant.Hw.OliveArray;

/// <summary>
/// OliVe-style weight-stationary INT PE: two ping-pong operand registers {int [3:0] signed, shift [6:4]} written by the
/// load port (bank LoadBank), each token uses the bank it carries; psum_out = psum_in + ((int · x) &lt;&lt; shift), an
/// exact integer multiply (4 × 8 bits) and a shifter. The activation, valid and bank move one PE east per cycle;
/// everything but the load holds while Enable is low.
/// </summary>
public sealed class OlivePe : Module
{
    public readonly Signal Enable, LoadEn, LoadBank, LoadOperand;
    public readonly Signal ActIn, ValidIn, BankIn, PsumIn;
    public readonly Signal ActOut, ValidOut, BankOut, PsumOut;
    private readonly int _accumulatorWidth;

    public override string? Variant => $"a{_accumulatorWidth}";

    public OlivePe(OliveArrayConfig cfg)
    {
        int aw = _accumulatorWidth = cfg.AccumulatorWidth;
        Enable = In(); LoadEn = In(); LoadBank = In(); LoadOperand = In(OliveArrayConfig.OperandWidth);
        ActIn = In(OliveArrayConfig.ActivationWidth, signed: true); ValidIn = In(); BankIn = In(); PsumIn = In(aw, signed: true);
        ActOut = Out(OliveArrayConfig.ActivationWidth, signed: true); ValidOut = Out(); BankOut = Out(); PsumOut = Out(aw, signed: true);

        var w0 = Reg(OliveArrayConfig.OperandWidth).Named("operand_0");
        var w1 = Reg(OliveArrayConfig.OperandWidth).Named("operand_1");
        var act = Reg(OliveArrayConfig.ActivationWidth, signed: true);
        var valid = Reg(); var bank = Reg();
        var psum = Reg(aw, signed: true);
        When(LoadEn & ~LoadBank, () => w0.Assign(LoadOperand));
        When(LoadEn & LoadBank, () => w1.Assign(LoadOperand));

        var w = Logic.Mux(BankIn, w1, w0);
        var product = (w[3, 0].AsSigned() * ActIn).ShiftLeft(w[6, 4]);      // 12 bits << 0…7
        When(Enable, () =>
        {
            act.Assign(ActIn); valid.Assign(ValidIn); bank.Assign(BankIn);
            psum.Assign(PsumIn.AddWrap(product.Resize(OliveArrayConfig.ProductWidth).Extend(aw)));
        });
        ActOut.Assign(act); ValidOut.Assign(valid); BankOut.Assign(bank); PsumOut.Assign(psum);
    }
}
