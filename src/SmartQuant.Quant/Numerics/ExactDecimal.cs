using System.Globalization;

namespace SmartQuant.Quant.Numerics;

/// <summary>
/// Decimal text for values that must read back exactly (printed quantizer outputs, MX decodes). The shortest
/// round-trip format ("R", also the default ToString) is tried first; on the .NET in use it misprints a few exact
/// powers of two (2^-25 → 2.980232238769531E-08, one digit short, which parses to the next lower double), so its text
/// is parsed back and, when it does not give the same value, the 17-significant-digit form (always exact for a double,
/// 9 digits for a float) is printed instead. Invariant culture; NaN, ±Infinity and −0 print as "NaN", "Infinity",
/// "-Infinity", "-0".
/// </summary>
public static class ExactDecimal
{
    public static string Format(double v)
    {
        string s = v.ToString("R", CultureInfo.InvariantCulture);
        return double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture).Equals(v) ? s : v.ToString("G17", CultureInfo.InvariantCulture);
    }

    public static string Format(float v)
    {
        string s = v.ToString("R", CultureInfo.InvariantCulture);
        return float.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture).Equals(v) ? s : v.ToString("G9", CultureInfo.InvariantCulture);
    }
}
