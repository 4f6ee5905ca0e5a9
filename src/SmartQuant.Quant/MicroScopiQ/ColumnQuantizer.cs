using SmartQuant.Quant.Mx;

namespace SmartQuant.Quant.MicroScopiQ;

/// <summary>
/// Quantizes one column (the N weights of one input feature) macro-block by macro-block: 3σ outliers,
/// MX-INT-bb inliers with X_in = floor(log2 max|inlier|) − (bb − 2), up to Bµ/2 MX-FP outliers per µB with
/// O = floor(log2 max|outlier|) and a 2h-bit mantissa under a hidden 1, pruning of the smallest-|w| slots,
/// and ReCoN-routable pairing. Writes codes/metadata into the tensor (full mode) and the dequantized column.
/// </summary>
public static class ColumnQuantizer
{
    /// <returns>Number of outliers kept in MX-FP.</returns>
    /// <param name="w">Weights of output channels rowOffset … rowOffset + w.Length − 1 of column k (a whole number of macro-blocks).</param>
    /// <param name="rowOffset">First output channel of <paramref name="w"/> (a multiple of the macro-block).</param>
    public static int Quantize(ReadOnlySpan<float> w, MicroScopiQOptions o, QuantizedTensor? target, int k, Span<float> dq, int rowOffset = 0)
    {
        int n = w.Length, nAll = target?.Rows ?? n, mab = o.MacroBlock, ub = o.MicroBlock, bb = o.Bits, h = bb / 2;
        int maxMag = (1 << (bb - 1)) - 1, signBit = 1 << (bb - 1);
        int keptTotal = 0;
        Span<bool> outlier = stackalloc bool[mab];
        Span<bool> kept = stackalloc bool[mab];
        Span<int> order = stackalloc int[ub];
        Span<int> mant = stackalloc int[ub]; // outlier mantissas of the current µB (every used entry is written first)
        for (int m0 = 0; m0 < n; m0 += mab)
        {
            var blk = w.Slice(m0, mab);
            outlier.Clear(); kept.Clear();
            if (o.Outliers)
            {
                double mean = 0, sq = 0;
                foreach (float v in blk) mean += v;
                mean /= mab;
                foreach (float v in blk) sq += (v - mean) * (v - mean);
                double thr = o.Tau * Math.Sqrt(sq / mab);
                for (int i = 0; i < mab; i++) { outlier[i] = Math.Abs(blk[i] - mean) > thr; }
            }
            // Inlier exponent from the non-outlier maximum.
            double amax = 0;
            for (int i = 0; i < mab; i++) if (!outlier[i]) amax = Math.Max(amax, Math.Abs(blk[i]));
            int x = amax == 0 ? E8M0.MinExponent : Math.Clamp(Math.ILogB(amax) - (bb - 2), E8M0.MinExponent, E8M0.MaxExponent);
            if (o.InlierScaleSearch && amax != 0)
            {
                double best = double.MaxValue;
                int bestX = x;
                for (int cand = x; cand >= Math.Max(x - 2, E8M0.MinExponent); cand--)
                {
                    double e2 = 0;
                    for (int i = 0; i < mab; i++)
                    {
                        if (outlier[i]) continue;
                        double a = Math.Abs((double)blk[i]);
                        double mag = Math.Min(maxMag, Rounding.RoundNonNegative(Math.ScaleB(a, -cand), o.Rounding));
                        e2 += (a - Math.ScaleB(mag, cand)) * (a - Math.ScaleB(mag, cand));
                    }
                    if (e2 < best) { best = e2; bestX = cand; }
                }
                x = bestX;
            }
            if (target is not null) target.InlierExponent[k * target.MacroBlocksPerCol + (rowOffset + m0) / mab] = x;
            for (int i = 0; i < mab; i++)
            {
                double mag = Math.Min(maxMag, Rounding.RoundNonNegative(Math.ScaleB(Math.Abs((double)blk[i]), -x), o.Rounding));
                int code = mag == 0 ? 0 : (int)mag | (blk[i] < 0 ? signBit : 0);
                dq[m0 + i] = (float)(blk[i] < 0 ? -Math.ScaleB(mag, x) : Math.ScaleB(mag, x));
                if (target is not null) target.Codes[k * nAll + rowOffset + m0 + i] = (byte)code;
            }
            if (!o.Outliers) continue;
            for (int u0 = 0; u0 < mab; u0 += ub)
            {
                // Keep the Bµ/2 largest outliers (ties → lower index); with pruning off keep them all.
                int count = 0;
                for (int j = 0; j < ub; j++) if (outlier[u0 + j]) order[count++] = j;
                if (count == 0) continue;
                var sel = order[..count];
                SortByMagnitude(sel, blk.Slice(u0, ub), descending: true);
                int nk = o.Pruning ? Math.Min(count, ub / 2) : count;
                keptTotal += nk;
                int outMask = 0;
                double omax = 0;
                for (int t = 0; t < nk; t++) { outMask |= 1 << sel[t]; kept[u0 + sel[t]] = true; omax = Math.Max(omax, Math.Abs(blk[u0 + sel[t]])); }
                int delta = Math.Clamp(Math.ILogB(omax) - x, 0, 255);
                int ox = x + delta;
                int prunedMask = 0;
                if (o.Pruning)
                {
                    // Pool = every non-kept slot (inliers and surplus outliers); prune the nk smallest |w|.
                    int pc = 0;
                    for (int j = 0; j < ub; j++) if ((outMask >> j & 1) == 0) order[pc++] = j;
                    var pool = order[..pc];
                    SortByMagnitude(pool, blk.Slice(u0, ub), descending: false);
                    for (int t = 0; t < nk; t++) prunedMask |= 1 << pool[t];
                    for (int j = 0; j < ub; j++)
                        if ((outMask >> j & 1) == 0 && ((prunedMask >> j & 1) != 0 || outlier[u0 + j]))
                        {
                            dq[m0 + u0 + j] = 0; // pruned slots hold Lower halves; surplus outliers are dropped
                            if (target is not null) target.Codes[k * nAll + rowOffset + m0 + u0 + j] = 0;
                        }
                }
                int full = (1 << (2 * h)) - 1;
                for (int j = 0; j < ub; j++)
                {
                    if ((outMask >> j & 1) == 0) continue;
                    double a = Math.Abs((double)blk[u0 + j]);
                    double frac = Math.Max(0, Math.ScaleB(a, -ox) - 1);
                    int m = (int)Math.Min(full, Rounding.RoundNonNegative(Math.ScaleB(frac, 2 * h), o.Rounding));
                    mant[j] = m;
                    double v = Math.ScaleB(1.0 + Math.ScaleB((double)m, -2 * h), ox);
                    dq[m0 + u0 + j] = (float)(blk[u0 + j] < 0 ? -v : v);
                }
                if (target is null) continue;
                int mi = k * target.MicroBlocksPerCol + (rowOffset + m0 + u0) / ub;
                var entries = PairingTable.Get(outMask, prunedMask);
                target.PairCount[mi] = (byte)entries.Length;
                target.DeltaO[mi] = (byte)delta;
                for (int e = 0; e < entries.Length; e++)
                {
                    int up = entries[e] >> 3, lo = entries[e] & 7;
                    target.Pairs[mi * 4 + e] = entries[e];
                    int s = blk[u0 + up] < 0 ? signBit : 0;
                    target.Codes[k * nAll + rowOffset + m0 + u0 + up] = (byte)(s | (mant[up] >> h));
                    target.Codes[k * nAll + rowOffset + m0 + u0 + lo] = (byte)(s | (mant[up] & ((1 << h) - 1)));
                }
            }
        }
        return keptTotal;
    }

    private static void SortByMagnitude(Span<int> idx, ReadOnlySpan<float> v, bool descending)
    {
        // Insertion sort, stable: equal magnitudes keep ascending index order.
        for (int i = 1; i < idx.Length; i++)
        {
            int cur = idx[i], j = i - 1;
            float a = Math.Abs(v[cur]);
            while (j >= 0 && (descending ? Math.Abs(v[idx[j]]) < a : Math.Abs(v[idx[j]]) > a)) { idx[j + 1] = idx[j]; j--; }
            idx[j + 1] = cur;
        }
    }
}
