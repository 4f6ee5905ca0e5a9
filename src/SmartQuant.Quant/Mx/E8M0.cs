namespace SmartQuant.Quant.Mx;

/// <summary>OCP E8M0 scale: unsigned biased exponent, bias 127, no sign, no zero, 0xFF = NaN.</summary>
public static class E8M0
{
    public const int Bias = 127;
    public const int MinExponent = -127;
    public const int MaxExponent = 127;
    public const byte NaN = 0xFF;

    public static byte Encode(int exponent)
    {
        if (exponent < MinExponent || exponent > MaxExponent)
            throw new ArgumentOutOfRangeException(nameof(exponent), $"E8M0 exponent {exponent} outside [-127, 127]");
        return (byte)(exponent + Bias);
    }

    /// <summary>The unbiased exponent, or null for the NaN code.</summary>
    public static int? Decode(byte code) => code == NaN ? null : code - Bias;
}
