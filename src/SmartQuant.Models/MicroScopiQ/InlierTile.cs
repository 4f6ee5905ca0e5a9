using System.Numerics;
using SmartQuant.Quant.MicroScopiQ;

namespace SmartQuant.Models.MicroScopiQ;

/// <summary>
/// The MX-INT inlier side of a weight tile, shared by the two arrays built from MicroScopiQ's multi-precision PE
/// (design microscopiq and its baseline mxint-array): the row exponents that set the pre-shifts, the 4-bit PE words of
/// a tile row, and the exact lane sums a tile must produce. PE row r = input feature k0 + r; bb = 2: PE c holds
/// channels n0 + 2c, 2c + 1 (lane 2c in bits [1:0], 2c+1 in [3:2]); bb = 4: PE c holds channel n0 + c on lane 2c.
/// </summary>
public static class InlierTile
{
    /// <summary>The inlier block exponent X_r of each of the tile's first <paramref name="rows"/> rows (one macro-block of channels).</summary>
    public static int[] RowExponents(QuantizedTensor q, int k0, int n0, int rows) =>
        [.. Enumerable.Range(0, rows).Select(r => q.InlierExponent[(k0 + r) * q.MacroBlocksPerCol + n0 / q.Layout.MacroBlock])];

    /// <summary>Input feature k's codes for channels n0… as <paramref name="cols"/> 4-bit PE words (PE c in bits [4c+3:4c]).</summary>
    public static BigInteger RowWords(QuantizedTensor q, int k, int n0, int cols, bool twoBitMode)
    {
        BigInteger w = 0;
        for (int c = 0; c < cols; c++)
        {
            int word = twoBitMode ? q.Codes[k * q.Rows + n0 + 2 * c] | (q.Codes[k * q.Rows + n0 + 2 * c + 1] << 2) : q.Codes[k * q.Rows + n0 + c];
            w |= (BigInteger)word << (4 * c);
        }
        return w;
    }

    /// <summary>
    /// The exact result of a tile for activations x, in units 2^<paramref name="xAcc"/>, from the quantizer's dequantized
    /// weights (not the codes), on <paramref name="outLanes"/> output lanes wrapped to the accumulator width.
    /// </summary>
    public static long[] Expected(QuantizedTensor q, int k0, int n0, bool twoBitMode, int xAcc, int tileRows, int tileLanes, int outLanes, int accumulatorWidth, ReadOnlySpan<int> x)
    {
        var y = new long[outLanes];
        var col = new double[q.Rows];
        for (int r = 0; r < tileRows && k0 + r < q.Cols; r++)
        {
            q.DequantizeColumn(k0 + r, col);
            for (int i = 0; i < tileLanes; i++)
            {
                double units = Math.ScaleB(col[n0 + i], -xAcc);
                if (units != Math.Floor(units)) throw new InvalidOperationException("weight not representable in accumulator units");
                y[twoBitMode ? i : 2 * i] += (long)units * x[r];
            }
        }
        int aw = accumulatorWidth;
        for (int j = 0; j < y.Length; j++) y[j] = (y[j] << (64 - aw)) >> (64 - aw);
        return y;
    }
}
