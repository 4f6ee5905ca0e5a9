namespace SmartQuant.Quant.Mx;

/// <summary>How a value exactly halfway between two representable neighbours is rounded.</summary>
public enum MxRounding
{
    /// <summary>Round half away from zero (microxcaling's "nearest"; the project default).</summary>
    HalfAwayFromZero,
    /// <summary>Round half to even (IEEE default).</summary>
    HalfEven,
}

/// <summary>Exact integer rounding of non-negative doubles, shared by every quantizer in the library.</summary>
public static class Rounding
{
    /// <summary>Rounds a non-negative, finite value to an integer with the given tie rule (exact in binary).</summary>
    public static double RoundNonNegative(double v, MxRounding mode)
    {
        double f = Math.Floor(v);
        double frac = v - f; // exact: v and f share the binade or f is 0
        if (frac > 0.5) return f + 1;
        if (frac < 0.5) return f;
        return mode == MxRounding.HalfAwayFromZero ? f + 1 : (f % 2 == 0 ? f : f + 1);
    }

    /// <summary>Rounds a signed value, ties per <paramref name="mode"/> (half-away is symmetric in sign).</summary>
    public static double Round(double v, MxRounding mode)
        => v < 0 ? -RoundNonNegative(-v, mode) : RoundNonNegative(v, mode);
}
