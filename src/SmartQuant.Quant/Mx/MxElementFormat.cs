namespace SmartQuant.Quant.Mx;

/// <summary>
/// One OCP MX element format. Float elements are sign / exponent / mantissa with subnormals; MXINT8 is a
/// symmetric two's-complement integer with an implicit 2^-6 (so ±127/64; -128 = -2.0 is never produced).
/// </summary>
public sealed class MxElementFormat
{
    public string Name { get; }
    /// <summary>Total code width in bits.</summary>
    public int Bits { get; }
    /// <summary>Exponent field width (0 for MXINT8).</summary>
    public int ExponentBits { get; }
    /// <summary>Explicit mantissa (fraction) bits; for MXINT8 the number of fraction bits of the fixed point (6).</summary>
    public int MantissaBits { get; }
    public int Bias { get; }
    /// <summary>Exponent of the largest normal binade; the shared exponent is floor(log2 amax) - Emax.</summary>
    public int Emax { get; }
    public double MaxNormal { get; }
    public bool IsInteger => ExponentBits == 0;
    /// <summary>Exponent of the smallest normal binade (1 - bias); values below are subnormal.</summary>
    public int EminNormal => 1 - Bias;
    /// <summary>Smallest positive magnitude: 2^(Emin - mantissa bits), or 2^-6 for MXINT8.</summary>
    public double MinSubnormal => IsInteger ? Math.ScaleB(1.0, -MantissaBits) : Math.ScaleB(1.0, EminNormal - MantissaBits);
    /// <summary>Smallest positive normal (null for MXINT8, which has no exponent).</summary>
    public double? MinNormal => IsInteger ? null : Math.ScaleB(1.0, EminNormal);

    private MxElementFormat(string name, int bits, int ebits, int mbits, int bias, int emax, double maxNormal)
    {
        Name = name; Bits = bits; ExponentBits = ebits; MantissaBits = mbits; Bias = bias; Emax = emax; MaxNormal = maxNormal;
    }

    public static readonly MxElementFormat Int8 = new("int8", 8, 0, 6, 0, 0, 127.0 / 64);
    // E4M3 has no Inf; only S.1111.111 is NaN, so its top binade stops at 1.75 * 2^8 = 448.
    public static readonly MxElementFormat E4M3 = new("e4m3", 8, 4, 3, 7, 8, 448);
    // E5M2 keeps IEEE Inf/NaN in exponent 31, so max normal is 1.75 * 2^15.
    public static readonly MxElementFormat E5M2 = new("e5m2", 8, 5, 2, 15, 15, 57344);
    public static readonly MxElementFormat E3M2 = new("e3m2", 6, 3, 2, 3, 4, 28);
    public static readonly MxElementFormat E2M3 = new("e2m3", 6, 2, 3, 1, 2, 7.5);
    public static readonly MxElementFormat E2M1 = new("e2m1", 4, 2, 1, 1, 2, 6);

    public static IReadOnlyList<MxElementFormat> All { get; } = [Int8, E4M3, E5M2, E3M2, E2M3, E2M1];

    /// <summary>Parses CLI names: mxint8, mxfp8-e4m3 / e4m3, mxfp8-e5m2, mxfp6-e3m2, mxfp6-e2m3, mxfp4 / e2m1.</summary>
    public static MxElementFormat Parse(string name)
    {
        string n = name.Trim().ToLowerInvariant().Replace("_", "-");
        foreach (var prefix in new[] { "mxfp8-", "mxfp6-", "mxfp4-", "fp8-", "fp6-", "fp4-" })
            if (n.StartsWith(prefix)) n = n[prefix.Length..];
        return n switch
        {
            "mxint8" or "int8" => Int8,
            "e4m3" => E4M3,
            "e5m2" => E5M2,
            "e3m2" => E3M2,
            "e2m3" => E2M3,
            "e2m1" or "mxfp4" or "fp4" => E2M1,
            _ => throw new ArgumentException($"unknown MX format '{name}' (expected mxint8, mxfp8-e4m3, mxfp8-e5m2, mxfp6-e3m2, mxfp6-e2m3, mxfp4-e2m1)"),
        };
    }

    public override string ToString() => Name;
}
