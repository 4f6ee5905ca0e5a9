using System.Globalization;

namespace SmartQuant.Cli;

/// <summary>
/// Prints a double so that parsing the text gives back exactly the same double. The shortest round-trip format "R"
/// does not always do that on this .NET (2^−25 prints as 2.980232238769531E-08, which parses to a neighbour), so the
/// shortest form is checked and replaced by the 17-digit form when it does not round-trip.
/// </summary>
public static class ExactNumber
{
    public static string Format(double v)
    {
        string shortest = v.ToString("R", CultureInfo.InvariantCulture);
        if (double.IsNaN(v) || double.Parse(shortest, CultureInfo.InvariantCulture).Equals(v)) return shortest;
        return v.ToString("G17", CultureInfo.InvariantCulture);
    }
}
