namespace SmartQuant.Quant.Mx;

/// <summary>One encoded MX block: the E8M0 scale byte and one bit code per element.</summary>
public sealed record MxBlock(MxElementFormat Format, byte ScaleCode, int[] Codes)
{
    /// <summary>Unbiased shared exponent, or null when the block is NaN (scale 0xFF).</summary>
    public int? SharedExponent => E8M0.Decode(ScaleCode);

    /// <summary>Dequantized values: code value · 2^X; every element is NaN when the scale is NaN.</summary>
    public double[] Decode()
    {
        var result = new double[Codes.Length];
        int? x = SharedExponent;
        for (int i = 0; i < Codes.Length; i++)
            result[i] = x is int e ? Math.ScaleB(MxElementCodec.Decode(Codes[i], Format), e) : double.NaN;
        return result;
    }
}
