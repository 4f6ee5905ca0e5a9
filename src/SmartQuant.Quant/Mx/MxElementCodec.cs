namespace SmartQuant.Quant.Mx;

/// <summary>
/// Element-level quantize / encode / decode of one MX element format, all exact in binary (Math.ScaleB and
/// Math.ILogB only, no floating log2). Values are in units of the block scale (already divided by 2^X).
/// </summary>
public static class MxElementCodec
{
    /// <summary>Rounds <paramref name="v"/> onto the format's grid and saturates at ±max normal. Zero results are +0.</summary>
    public static double Quantize(double v, MxElementFormat f, MxRounding rounding)
    {
        double a = Math.Abs(v);
        double q;
        if (f.IsInteger)
        {
            q = Math.ScaleB(Rounding.RoundNonNegative(Math.ScaleB(a, f.MantissaBits), rounding), -f.MantissaBits);
        }
        else
        {
            if (a == 0) return 0.0;
            // Private exponent clamped at the smallest normal binade keeps subnormals on a fixed grid.
            int e = Math.Max(Math.ILogB(a), f.EminNormal);
            int quantumExp = e - f.MantissaBits;
            q = Math.ScaleB(Rounding.RoundNonNegative(Math.ScaleB(a, -quantumExp), rounding), quantumExp);
        }
        if (q > f.MaxNormal) q = f.MaxNormal;
        if (q == 0) return 0.0;
        return v < 0 ? -q : q;
    }

    /// <summary>Bit code of a value that is already on the grid (as returned by <see cref="Quantize"/>).</summary>
    public static int Encode(double q, MxElementFormat f)
    {
        if (f.IsInteger)
        {
            int n = checked((int)Math.ScaleB(q, f.MantissaBits));
            if (n < -127 || n > 127 || Math.ScaleB((double)n, -f.MantissaBits) != q)
                throw new ArgumentOutOfRangeException(nameof(q), $"{q} is not an MXINT8 grid value");
            return n & 0xFF;
        }
        int sign = q < 0 || (q == 0 && double.IsNegative(q)) ? 1 : 0;
        double a = Math.Abs(q);
        int field, mant;
        if (a == 0) { field = 0; mant = 0; }
        else if (a < Math.ScaleB(1.0, f.EminNormal))
        {
            field = 0;
            mant = (int)Math.ScaleB(a, f.MantissaBits - f.EminNormal);
        }
        else
        {
            int e = Math.ILogB(a);
            field = e + f.Bias;
            mant = (int)(Math.ScaleB(a, f.MantissaBits - e) - (1 << f.MantissaBits));
        }
        int code = (sign << (f.Bits - 1)) | (field << f.MantissaBits) | mant;
        if (Decode(code, f) != q && !(q == 0 && Decode(code, f) == 0))
            throw new ArgumentOutOfRangeException(nameof(q), $"{q} is not a {f.Name} grid value");
        return code;
    }

    /// <summary>Value of a bit code (NaN/Inf codes of E4M3/E5M2 decode to NaN/Inf).</summary>
    public static double Decode(int code, MxElementFormat f)
    {
        if ((uint)code >= 1u << f.Bits) throw new ArgumentOutOfRangeException(nameof(code), $"code 0x{code:X} wider than {f.Bits} bits");
        if (f.IsInteger) return Math.ScaleB((double)(sbyte)(byte)code, -f.MantissaBits);
        int sign = code >> (f.Bits - 1);
        int field = (code >> f.MantissaBits) & ((1 << f.ExponentBits) - 1);
        int mant = code & ((1 << f.MantissaBits) - 1);
        int maxField = (1 << f.ExponentBits) - 1;
        if (f == MxElementFormat.E4M3 && field == maxField && mant == (1 << f.MantissaBits) - 1) return double.NaN;
        if (f == MxElementFormat.E5M2 && field == maxField)
            return mant == 0 ? (sign == 1 ? double.NegativeInfinity : double.PositiveInfinity) : double.NaN;
        double a = field == 0
            ? Math.ScaleB((double)mant, f.EminNormal - f.MantissaBits)
            : Math.ScaleB((double)((1 << f.MantissaBits) + mant), field - f.Bias - f.MantissaBits);
        return sign == 1 ? -a : a;
    }
}
