using SmartQuant.Quant.Mx;

namespace SmartQuant.Quant.Olive;

/// <summary>
/// OliVe's adaptive-bias float ("abfloat") for outliers, in units of the group's INT scale (after C. Guo et al.,
/// "OliVe", ISCA 2023, §3.3). A code is sign + (bb−1)-bit magnitude field. The magnitude grid is a small float
/// grid shifted by 2^bias, where the bias is the smallest that puts the grid's lowest magnitude above the normal
/// INT range, so outliers start where normals stop. At bb = 4 the grid is the E2M1 one (0.5, 1, …, 6) × 2^4 =
/// {8, 16, 24, 32, 48, 64, 96}; at bb = 2 it is E1M0 with one magnitude, 2^1 = 2. The magnitude field 0 (±0) is
/// never an outlier: its negative form is the INT identifier code (<see cref="OliveFormat.Identifier"/>) and its
/// positive form is reserved, which is what lets a pair mark itself without extra bits.
/// Every value is an integer multiple of the scale, so decoding is exact.
/// </summary>
public sealed class AbFloat
{
    /// <summary>Code width in bits (the same as the normal INT's).</summary>
    public int Bits { get; }
    /// <summary>Power of two the base grid is shifted by.</summary>
    public int Bias { get; }
    /// <summary>Magnitudes of fields 1 … 2^(bb−1)−1, ascending, in units of the scale.</summary>
    public IReadOnlyList<int> Magnitudes => _magnitudes;
    private readonly int[] _magnitudes;

    public AbFloat(int bits, int maxNormal)
    {
        if (bits is not (2 or 4)) throw new ArgumentException($"abfloat is defined for 2 or 4 bits, got {bits}");
        Bits = bits;
        // Base grid: the nonzero E2M1 magnitudes (codes 1..7) at 4 bits, a single 1.0 at 2 bits.
        double[] baseGrid = bits == 4
            ? Enumerable.Range(1, 7).Select(c => MxElementCodec.Decode(c, MxElementFormat.E2M1)).ToArray()
            : [1.0];
        int bias = 0;
        while (Math.ScaleB(baseGrid[0], bias) <= maxNormal) bias++;
        Bias = bias;
        _magnitudes = baseGrid.Select(m => checked((int)Math.ScaleB(m, bias))).ToArray();
    }

    /// <summary>Smallest outlier magnitude (units of scale).</summary>
    public int Min => _magnitudes[0];
    /// <summary>Largest outlier magnitude (units of scale).</summary>
    public int Max => _magnitudes[^1];

    /// <summary>Nearest abfloat code to <paramref name="v"/> (units of scale); ties go to the larger magnitude; saturates at ±Max.</summary>
    public int Quantize(double v)
    {
        double a = Math.Abs(v);
        int best = 0;
        for (int i = 1; i < _magnitudes.Length; i++)
            if (Math.Abs(a - _magnitudes[i]) <= Math.Abs(a - _magnitudes[best])) best = i;
        int sign = v < 0 ? 1 : 0;
        return (sign << (Bits - 1)) | (best + 1);
    }

    /// <summary>Value (units of scale) of an outlier code; the ±0 field is not an outlier and throws.</summary>
    public int Decode(int code)
    {
        if ((uint)code >= 1u << Bits) throw new ArgumentOutOfRangeException(nameof(code), $"abfloat code 0x{code:X} wider than {Bits} bits");
        int field = code & ((1 << (Bits - 1)) - 1);
        if (field == 0) throw new ArgumentOutOfRangeException(nameof(code), $"abfloat code 0x{code:X} has the zero field, which no outlier uses");
        int m = _magnitudes[field - 1];
        return code >> (Bits - 1) == 1 ? -m : m;
    }
}
