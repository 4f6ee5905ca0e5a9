using SmartQuant.Hdl;

namespace SmartQuant.Hw.OliveArray;

/// <summary>
/// OliVe pair decoder (combinational), one per column at the array edge on the weight load path: two 4-bit codes of
/// one pair → two operands {int [3:0] signed, shift [6:4]} with value int · 2^shift (docs/baseline-arrays.md, "Pair
/// decoder"). The identifier 1000 marks the victim (operand 0) and makes the other code an adaptive-bias float:
/// sign s = c[3], field f = c[2:0] = {e[1:0], m}; magnitude {e ≠ 0, m} (the E2M1 hidden bit), shift max(e, 1) + 2
/// (E2M1 × 2^4: 8, 16, 24, 32, 48, 64, 96). Otherwise both codes are two's-complement INT4 with shift 0. Field 0
/// never encodes an outlier and decodes to 0, so the three code pairs no quantizer writes decode to zeros.
/// </summary>
public sealed class OlivePairDecoder : Module
{
    public readonly Signal Codes;
    public readonly Signal[] Operand;
    public readonly Signal OutlierPair;

    public OlivePairDecoder()
    {
        Codes = In(2 * OliveArrayConfig.CodeWidth);
        Operand = [Out(OliveArrayConfig.OperandWidth), Out(OliveArrayConfig.OperandWidth)];
        OutlierPair = Out();
        Expr[] code = [Codes[3, 0], Codes[7, 4]];
        Expr[] id = [code[0].Eq(0b1000), code[1].Eq(0b1000)];
        OutlierPair.Assign(id[0] | id[1]);
        var zero = Logic.Lit(0, OliveArrayConfig.OperandWidth);
        for (var i = 0; i < 2; i++)
        {
            var c = code[i];
            var e = c[2, 1];
            var mag = Logic.Cat(e.Ne(0), c[0]);                                  // 2-bit magnitude with the hidden bit
            var signedMag = Logic.Mux(c[3], (-(mag.Extend(4).AsSigned())).Resize(4).AsUnsigned(), mag.Extend(4));
            var shift = Logic.Mux(e.Eq(0), Logic.Lit(3, 3), (e.Extend(3).AddWrap(2)));
            var outlier = Logic.Cat(shift, signedMag);
            var normal = Logic.Cat(Logic.Lit(0, 3), c);
            Operand[i].Assign(Logic.Mux(id[i], zero, Logic.Mux(id[1 - i], outlier, normal)));
        }
    }
}
