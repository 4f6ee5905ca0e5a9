namespace SmartQuant.Quant.Olive;

/// <summary>
/// The OliVe-style pair encoding at bb bits (after C. Guo et al., "OliVe", ISCA 2023, §3): weights go in adjacent
/// pairs, each element a bb-bit code. A normal pair is two symmetric two's-complement INT-bb codes in
/// [−(2^(bb−1)−1), 2^(bb−1)−1]. The one INT code the symmetric range never uses, −2^(bb−1) (binary 10…0), is the
/// identifier: in an outlier–victim pair the victim's slot holds the identifier (the victim decodes to 0) and the
/// other slot holds the outlier in <see cref="AbFloat"/>. So a pair costs exactly 2·bb bits whatever it holds.
/// Values are in units of the group scale and are all integers.
/// </summary>
public sealed class OliveFormat
{
    public int Bits { get; }
    /// <summary>Largest normal INT magnitude, 2^(bb−1) − 1.</summary>
    public int MaxNormal { get; }
    /// <summary>The identifier code 10…0 (the unused most negative INT).</summary>
    public int Identifier { get; }
    public AbFloat Outlier { get; }

    private OliveFormat(int bits)
    {
        Bits = bits;
        MaxNormal = (1 << (bits - 1)) - 1;
        Identifier = 1 << (bits - 1);
        Outlier = new AbFloat(bits, MaxNormal);
    }

    public static readonly OliveFormat Int4 = new(4);
    public static readonly OliveFormat Int2 = new(2);

    public static OliveFormat Of(int bits) => bits switch
    {
        4 => Int4,
        2 => Int2,
        _ => throw new ArgumentException($"OliVe pairs are defined for 2 or 4 bits, got {bits}"),
    };

    /// <summary>True when <paramref name="v"/> (units of scale) would round beyond the INT range: |v| &gt; MaxNormal + ½.</summary>
    public bool IsOutlier(double v) => Math.Abs(v) > MaxNormal + 0.5;

    /// <summary>
    /// Codes of one pair from its two values in units of scale. A value is an outlier when <see cref="IsOutlier"/>;
    /// if either is, the larger magnitude (the left one on a tie) is kept in abfloat and the other is the victim.
    /// Otherwise both round half away from zero to INT.
    /// </summary>
    public (int C0, int C1) Encode(double x0, double x1)
    {
        bool o0 = IsOutlier(x0), o1 = IsOutlier(x1);
        if (!o0 && !o1) return (IntCode(x0), IntCode(x1));
        return Math.Abs(x0) >= Math.Abs(x1)
            ? (Outlier.Quantize(x0), Identifier)
            : (Identifier, Outlier.Quantize(x1));
    }

    /// <summary>Values (units of scale) of a pair's codes. Throws on the codes no encoder writes: both slots the identifier, or the identifier beside an abfloat ±0 field.</summary>
    public (int V0, int V1) Decode(int c0, int c1)
    {
        Check(c0); Check(c1);
        if (c0 == Identifier && c1 == Identifier) throw new ArgumentOutOfRangeException(nameof(c0), "both slots of a pair hold the identifier");
        if (c0 == Identifier) return (0, Outlier.Decode(c1));
        if (c1 == Identifier) return (Outlier.Decode(c0), 0);
        return (IntValue(c0), IntValue(c1));
    }

    /// <summary>True when the pair's codes mark an outlier–victim pair.</summary>
    public bool IsOutlierPair(int c0, int c1) => c0 == Identifier || c1 == Identifier;

    private int IntCode(double v)
    {
        int q = (int)Math.Clamp(Math.Round(v, MidpointRounding.AwayFromZero), -MaxNormal, MaxNormal);
        return q & ((1 << Bits) - 1);
    }

    private int IntValue(int code) => code >= Identifier ? code - (1 << Bits) : code;

    private void Check(int code)
    {
        if ((uint)code >= 1u << Bits) throw new ArgumentOutOfRangeException(nameof(code), $"code 0x{code:X} wider than {Bits} bits");
    }
}
