namespace SmartQuant.Models.OliveArray;

/// <summary>
/// The pair decoder's arithmetic, written from docs/quant-formats.md §6 and docs/baseline-arrays.md ("Pair decoder"):
/// a 4-bit pair (c0, c1) → two operands (integer, shift), value integer · 2^shift. The identifier 1000 makes its slot
/// the victim (0) and the other slot an adaptive-bias float (sign c[3], field {e[1:0], m} = c[2:0]: integer ±{e ≠ 0, m},
/// shift max(e, 1) + 2); without an identifier both are two's-complement INT4, shift 0. Every one of the 256 pairs
/// decodes; the three no encoder writes (identifier twice, identifier beside +0) give zeros.
/// </summary>
public static class OlivePairCode
{
    public const int Identifier = 0b1000;

    public static ((int Int, int Shift) W0, (int Int, int Shift) W1) Decode(int c0, int c1)
    {
        bool id0 = c0 == Identifier, id1 = c1 == Identifier;
        return (Slot(c0, id0, id1), Slot(c1, id1, id0));
    }

    /// <summary>Values (units of the group scale) of a pair: integer · 2^shift.</summary>
    public static (int V0, int V1) Values(int c0, int c1)
    {
        var (w0, w1) = Decode(c0, c1);
        return (w0.Int << w0.Shift, w1.Int << w1.Shift);
    }

    private static (int Int, int Shift) Slot(int c, bool isIdentifier, bool otherIsIdentifier)
    {
        if (isIdentifier) return (0, 0);                        // the victim
        if (!otherIsIdentifier) return (c >= 8 ? c - 16 : c, 0); // normal INT4
        int e = (c >> 1) & 3, m = c & 1;
        int mag = (e != 0 ? 2 : 0) | m;                          // E2M1 significand with its hidden bit
        return ((c & 8) != 0 ? -mag : mag, Math.Max(e, 1) + 2);  // × 2^4 (the adaptive bias) and the E2M1 exponent
    }
}
