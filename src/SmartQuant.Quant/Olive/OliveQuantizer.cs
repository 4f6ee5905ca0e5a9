namespace SmartQuant.Quant.Olive;

/// <summary>
/// OliVe-style weight quantization (after C. Guo et al., "OliVe", ISCA 2023, §3-§4) of W[N × K], pairs along K.
/// Per group of <c>group</c> inputs of a row, one FP16 scale s; a weight is an outlier when |w| / s &gt; 2^(bb−1) − ½
/// (it would round beyond the INT range), see <see cref="OliveFormat.Encode"/>. The scale, and with it the outlier
/// threshold, is chosen per group by minimum squared error over candidates s_j = amax / (MaxNormal · 2^(j/8)),
/// j = 0, 1, … while 2^(j/8) ≤ abfloat max / MaxNormal (j = 0 is plain round-to-nearest with no outliers). The
/// error counts every victim pruned to zero. The search is our choice; the paper fixes the format, not this search.
/// </summary>
public static class OliveQuantizer
{
    /// <param name="w">W[n × k] row-major.</param>
    /// <param name="group">Inputs per scale; 0 means one scale per row. Must be even (pairs never straddle groups).</param>
    public static OliveTensor Quantize(ReadOnlySpan<float> w, int n, int k, int bits, int group)
    {
        var f = OliveFormat.Of(bits);
        if (n <= 0 || k <= 0) throw new ArgumentException($"tensor must be non-empty, got {n}×{k}");
        if (w.Length != (long)n * k) throw new ArgumentException($"{w.Length} weights for a {n}×{k} tensor");
        if (group == 0) group = k;
        if (group < 0 || group % 2 != 0 || k % 2 != 0) throw new ArgumentException($"OliVe pairs need an even K and group size, got K = {k}, group = {group}");
        int groups = (k + group - 1) / group;
        var codes = new byte[(long)n * k];
        var scales = new Half[(long)n * groups];
        for (int row = 0; row < n; row++)
            for (int g = 0; g < groups; g++)
            {
                int c0 = g * group, len = Math.Min(group, k - c0);
                var src = w.Slice(row * k + c0, len);
                Half s = BestScale(src, f);
                scales[row * groups + g] = s;
                EncodeGroup(src, (double)s, f, codes.AsSpan(row * k + c0, len));
            }
        return new OliveTensor(f, n, k, group, codes, scales);
    }

    /// <summary>Candidate scales, FP16-rounded, and the one with least squared reconstruction error (first wins ties).</summary>
    internal static Half BestScale(ReadOnlySpan<float> src, OliveFormat f)
    {
        double amax = 0;
        foreach (float v in src) amax = Math.Max(amax, Math.Abs(v));
        if (amax == 0) return Half.Zero;
        double maxRatio = (double)f.Outlier.Max / f.MaxNormal;
        Half best = Half.Zero;
        double bestErr = double.PositiveInfinity;
        for (int j = 0; Math.Pow(2, j / 8.0) <= maxRatio; j++)
        {
            var s = (Half)(amax / (f.MaxNormal * Math.Pow(2, j / 8.0)));
            if (s == Half.Zero || Half.IsInfinity(s) || s == best) continue;
            double err = GroupError(src, (double)s, f);
            if (err < bestErr) { bestErr = err; best = s; }
        }
        return best;
    }

    private static double GroupError(ReadOnlySpan<float> src, double s, OliveFormat f)
    {
        double err = 0;
        for (int c = 0; c < src.Length; c += 2)
        {
            var (c0, c1) = f.Encode(src[c] / s, src[c + 1] / s);
            var (v0, v1) = f.Decode(c0, c1);
            double e0 = src[c] - v0 * s, e1 = src[c + 1] - v1 * s;
            err += e0 * e0 + e1 * e1;
        }
        return err;
    }

    private static void EncodeGroup(ReadOnlySpan<float> src, double s, OliveFormat f, Span<byte> dst)
    {
        for (int c = 0; c < src.Length; c += 2)
        {
            // An all-zero group has scale 0: every pair is the INT code 0.
            var (c0, c1) = s == 0 ? (0, 0) : f.Encode(src[c] / s, src[c + 1] / s);
            dst[c] = (byte)c0;
            dst[c + 1] = (byte)c1;
        }
    }
}
