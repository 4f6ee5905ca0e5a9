using SmartQuant.Quant.Mx;

namespace SmartQuant.Quant.Quality;

/// <summary>Baseline: per-output-channel round-to-nearest symmetric INT-bb, scale = max|row| / (2^(bb−1) − 1).</summary>
public static class RtnPerChannel
{
    public static float[] Quantize(ReadOnlySpan<float> w, int n, int k, int bits)
    {
        int maxq = (1 << (bits - 1)) - 1;
        var r = new float[w.Length];
        for (int row = 0; row < n; row++)
        {
            var src = w.Slice(row * k, k);
            double amax = 0;
            foreach (float v in src) amax = Math.Max(amax, Math.Abs(v));
            if (amax == 0) continue;
            double s = amax / maxq;
            for (int c = 0; c < k; c++)
                r[row * k + c] = (float)(s * Math.Clamp(Rounding.Round(src[c] / s, MxRounding.HalfAwayFromZero), -maxq, maxq));
        }
        return r;
    }
}
