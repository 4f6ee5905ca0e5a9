namespace SmartQuant.Quant.Numerics;

/// <summary>Finds the first NaN or ±Infinity in input data, so a bad weight or activation is reported where it is instead of surfacing later as a broken Hessian or an unserializable figure.</summary>
public static class NonFinite
{
    /// <summary>Index of the first non-finite value, or −1.</summary>
    public static long FirstIndex(ReadOnlySpan<float> x)
    {
        for (int i = 0; i < x.Length; i++) if (!float.IsFinite(x[i])) return i;
        return -1;
    }

    /// <summary>"NaN", "+Infinity" or "-Infinity".</summary>
    public static string Describe(float v) => float.IsNaN(v) ? "NaN" : v > 0 ? "+Infinity" : "-Infinity";
}
