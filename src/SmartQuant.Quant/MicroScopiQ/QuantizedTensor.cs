using SmartQuant.Quant.Recon;

namespace SmartQuant.Quant.MicroScopiQ;

/// <summary>
/// A MicroScopiQ-quantized weight matrix W[N×K] in exactly the information the packed format holds.
/// Element index i = k·N + n (column-major: one column = one input feature = one PE row).
/// Codes are bb-bit sign-magnitude {s, mag}: inliers q·2^X_in; an outlier's Upper half {s, M >> h} sits in its
/// own slot and its Lower half {s, M &amp; (2^h − 1)} in the paired pruned slot; value ±(1 + M/2^(2h))·2^(X_in + ΔO).
/// </summary>
public sealed class QuantizedTensor
{
    public int Rows { get; }
    public int Cols { get; }
    public MicroScopiQLayout Layout { get; }
    /// <summary>bb-bit code per element, index k·N + n.</summary>
    public byte[] Codes { get; }
    /// <summary>Inlier LSB exponent X_in per (k, macro-block), in [−127, 127]; an all-zero macro-block has −127.</summary>
    public int[] InlierExponent { get; }
    /// <summary>Number of outliers (0…4) per (k, micro-block).</summary>
    public byte[] PairCount { get; }
    /// <summary>ΔO = O − X_in per (k, micro-block) with outliers.</summary>
    public byte[] DeltaO { get; }
    /// <summary>Per (k, micro-block) 4 entries (Upper_loc &lt;&lt; 3 | Lower_loc), the first PairCount used, sorted by Upper_loc.</summary>
    public byte[] Pairs { get; }

    public int MacroBlocksPerCol => Rows / Layout.MacroBlock;
    public int MicroBlocksPerCol => Rows / Layout.MicroBlock;
    public long Count => (long)Rows * Cols;

    public QuantizedTensor(int rows, int cols, MicroScopiQLayout layout)
    {
        layout.Validate(rows);
        if (cols <= 0) throw new ArgumentException($"input features K = {cols} must be positive");
        Rows = rows; Cols = cols; Layout = layout;
        Codes = new byte[checked(rows * cols)];
        InlierExponent = new int[MacroBlocksPerCol * cols];
        int micro = MicroBlocksPerCol * cols;
        PairCount = new byte[micro];
        DeltaO = new byte[micro];
        Pairs = new byte[micro * 4];
    }

    public IEnumerable<LanePair> MicroPairs(int microIndex)
    {
        for (int e = 0; e < PairCount[microIndex]; e++)
            yield return new LanePair(Pairs[microIndex * 4 + e] >> 3, Pairs[microIndex * 4 + e] & 7);
    }

    /// <summary>Dequantized W[N×K] (row-major, index n·K + k).</summary>
    public float[] Dequantize()
    {
        var w = new float[Count];
        var col = new double[Rows];
        for (int k = 0; k < Cols; k++)
        {
            DequantizeColumn(k, col);
            for (int n = 0; n < Rows; n++) w[(long)n * Cols + k] = (float)col[n];
        }
        return w;
    }

    /// <summary>Dequantized column k (the N weights of input feature k).</summary>
    public void DequantizeColumn(int k, Span<double> col)
    {
        int bb = Layout.Bits, h = Layout.HalfBits, ub = Layout.MicroBlock;
        int magMask = (1 << (bb - 1)) - 1;
        Span<sbyte> role = stackalloc sbyte[ub]; // 0 inlier, 1 upper, 2 lower
        for (int n0 = 0; n0 < Rows; n0 += ub)
        {
            int x = InlierExponent[k * MacroBlocksPerCol + n0 / Layout.MacroBlock];
            int mi = k * MicroBlocksPerCol + n0 / ub;
            role.Clear();
            foreach (var (u, l) in MicroPairs(mi))
            {
                role[u] = 1; role[l] = 2;
                int cu = Codes[k * Rows + n0 + u], cl = Codes[k * Rows + n0 + l];
                int m = ((cu & magMask) << h) | (cl & magMask);
                double v = Math.ScaleB(1.0 + Math.ScaleB((double)m, -2 * h), x + DeltaO[mi]);
                col[n0 + u] = (cu >> (bb - 1)) != 0 ? -v : v;
                col[n0 + l] = 0;
            }
            for (int j = 0; j < ub; j++)
            {
                if (role[j] != 0) continue;
                int c = Codes[k * Rows + n0 + j];
                double v = Math.ScaleB((double)(c & magMask), x);
                col[n0 + j] = (c >> (bb - 1)) != 0 ? -v : v;
            }
        }
    }

    /// <summary>Field-by-field equality (what a pack/unpack round trip must preserve).</summary>
    public bool ContentEquals(QuantizedTensor o) =>
        Rows == o.Rows && Cols == o.Cols && Layout == o.Layout && Codes.AsSpan().SequenceEqual(o.Codes)
        && InlierExponent.AsSpan().SequenceEqual(o.InlierExponent) && PairCount.AsSpan().SequenceEqual(o.PairCount)
        && Enumerable.Range(0, PairCount.Length).All(i => PairCount[i] == 0 || (DeltaO[i] == o.DeltaO[i]
            && Pairs.AsSpan(i * 4, PairCount[i]).SequenceEqual(o.Pairs.AsSpan(i * 4, PairCount[i]))));
}
