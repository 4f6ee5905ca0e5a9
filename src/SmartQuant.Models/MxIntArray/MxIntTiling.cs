using System.Numerics;
using SmartQuant.Hw.MxIntArray;
using SmartQuant.Models.ArrayBaseline;
using SmartQuant.Quant.MicroScopiQ;

namespace SmartQuant.Models.MxIntArray;

/// <summary>
/// Maps MX-INT weights (a <see cref="QuantizedTensor"/> without outliers, e.g. from <c>MxIntQuantizer</c>) onto the
/// mxint-array: PE row r = input feature k0 + r; bb = 4: PE c holds channel n0 + c on lane 2c; bb = 2: PE c holds
/// channels 2c, 2c+1. Row pre-shift sh_r = X_r − X_acc with X_acc = min_r X_r (the block exponents of the tile's rows),
/// so every lane sums in units of 2^X_acc (times the activation's unit).
/// </summary>
public static class MxIntTiling
{
    public static int TileLanes(MxIntArrayConfig cfg, bool mode2) => mode2 ? cfg.Lanes : cfg.Cols;

    public static ArrayTile Plan(MxIntArrayConfig cfg, QuantizedTensor q, int k0, int n0)
    {
        bool mode2 = q.Layout.Bits == 2;
        if (!mode2 && q.Layout.Bits != 4) throw new ArgumentException("bb must be 2 or 4");
        if (q.PairCount.Any(p => p != 0)) throw new ArgumentException("the MX-INT array has no outlier support: the tensor holds outlier µBs");
        int lanes = TileLanes(cfg, mode2), mb = q.Layout.MacroBlock;
        if (n0 % lanes != 0 || n0 / mb != (n0 + lanes - 1) / mb) throw new ArgumentException("a tile's lanes must lie in one macro-block");
        int rows = Math.Min(cfg.Rows, q.Cols - k0);
        var x = Enumerable.Range(0, rows).Select(r => q.InlierExponent[(k0 + r) * q.MacroBlocksPerCol + n0 / mb]).ToArray();
        int xacc = x.Min();
        var beats = new LoadBeat[cfg.Rows];
        for (int r = 0; r < cfg.Rows; r++)
        {
            if (r >= rows) { beats[r] = new LoadBeat(r, 0, 0); continue; }
            int k = k0 + r, sh = x[r] - xacc;
            if (sh > cfg.MaxShift) throw new ArgumentException($"row {r} (input {k}): pre-shift {sh} exceeds {cfg.MaxShift}; use fewer rows per tile");
            BigInteger w = 0;
            for (int c = 0; c < cfg.Cols; c++)
            {
                int word = mode2 ? q.Codes[k * q.Rows + n0 + 2 * c] | (q.Codes[k * q.Rows + n0 + 2 * c + 1] << 2) : q.Codes[k * q.Rows + n0 + c];
                w |= (BigInteger)word << (4 * c);
            }
            beats[r] = new LoadBeat(r, w, sh);
        }
        return new ArrayTile(k0, n0, mode2, xacc, beats);
    }

    /// <summary>The exact lanes of a tile for activations x (units 2^XAcc), from the quantizer's dequantized weights, wrapped.</summary>
    public static long[] Expected(MxIntArrayConfig cfg, QuantizedTensor q, ArrayTile t, ReadOnlySpan<int> x)
    {
        int lanes = TileLanes(cfg, t.Mode2);
        var y = new long[cfg.Lanes];
        var col = new double[q.Rows];
        for (int r = 0; r < cfg.Rows && t.K0 + r < q.Cols; r++)
        {
            q.DequantizeColumn(t.K0 + r, col);
            for (int i = 0; i < lanes; i++)
            {
                double units = Math.ScaleB(col[t.N0 + i], -t.XAcc);
                if (units != Math.Floor(units)) throw new InvalidOperationException("weight not representable in accumulator units");
                y[t.Mode2 ? i : 2 * i] += (long)units * x[r];
            }
        }
        int aw = cfg.AccumulatorWidth;
        for (int j = 0; j < y.Length; j++) y[j] = (y[j] << (64 - aw)) >> (64 - aw);
        return y;
    }
}
