namespace SmartQuant.Quant.Mx;

/// <summary>
/// OCP MX block quantization with microxcaling's scale rule: X = floor(log2 max|x|) − emax_elem from the
/// binary exponent; elements x/2^X rounded (half-away by default) and saturated at max normal.
/// Special cases: an all-zero block gets X = −127 (E8M0 0x00); X below −127 is clamped to −127; a NaN or
/// ±Inf anywhere, or X above 127, makes the whole block NaN (E8M0 0xFF, element codes 0), because E8M0
/// has no Inf and one non-finite element poisons the shared scale.
/// </summary>
public static class MxQuantizer
{
    public static MxBlock Quantize(ReadOnlySpan<double> x, MxElementFormat format, MxRounding rounding = MxRounding.HalfAwayFromZero)
    {
        var codes = new int[x.Length];
        int? shared = SharedExponent(x, format);
        if (shared is not int se) return new MxBlock(format, E8M0.NaN, codes);
        for (int i = 0; i < x.Length; i++)
            codes[i] = MxElementCodec.Encode(MxElementCodec.Quantize(Math.ScaleB(x[i], -se), format, rounding), format);
        return new MxBlock(format, E8M0.Encode(se), codes);
    }

    /// <summary>floor(log2 max|x|) − emax, clamped below at −127; null (NaN scale) for non-finite input or overflow.</summary>
    public static int? SharedExponent(ReadOnlySpan<double> x, MxElementFormat format)
    {
        double amax = 0;
        foreach (double v in x)
        {
            if (!double.IsFinite(v)) return null;
            amax = Math.Max(amax, Math.Abs(v));
        }
        if (amax == 0) return E8M0.MinExponent;
        int se = Math.ILogB(amax) - format.Emax;
        if (se > E8M0.MaxExponent) return null;
        return Math.Max(se, E8M0.MinExponent);
    }

    /// <summary>Quantizes a whole vector block by block (the last block may be short) and returns the blocks.</summary>
    public static List<MxBlock> QuantizeBlocks(ReadOnlySpan<double> x, int blockSize, MxElementFormat format, MxRounding rounding = MxRounding.HalfAwayFromZero)
    {
        if (blockSize <= 0) throw new ArgumentException($"block size must be positive, got {blockSize}");
        var blocks = new List<MxBlock>();
        for (int i = 0; i < x.Length; i += blockSize)
            blocks.Add(Quantize(x.Slice(i, Math.Min(blockSize, x.Length - i)), format, rounding));
        return blocks;
    }
}
