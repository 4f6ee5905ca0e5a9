using System.Numerics;
using SmartQuant.Hw.MxIntArray;
using SmartQuant.Models.ArrayBaseline;
using SmartQuant.Models.MicroScopiQ;
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
    public static int TileLanes(MxIntArrayConfig cfg, bool twoBitMode) => twoBitMode ? cfg.Lanes : cfg.Cols;

    public static ArrayTile Plan(MxIntArrayConfig cfg, QuantizedTensor q, int k0, int n0)
    {
        bool twoBitMode = q.Layout.Bits == 2;
        if (!twoBitMode && q.Layout.Bits != 4) throw new ArgumentException("bb must be 2 or 4");
        if (q.PairCount.Any(p => p != 0)) throw new ArgumentException("the MX-INT array has no outlier support: the tensor holds outlier µBs");
        int lanes = TileLanes(cfg, twoBitMode), mb = q.Layout.MacroBlock;
        if (n0 % lanes != 0 || n0 / mb != (n0 + lanes - 1) / mb) throw new ArgumentException("a tile's lanes must lie in one macro-block");
        int rows = Math.Min(cfg.Rows, q.Cols - k0);
        var x = InlierTile.RowExponents(q, k0, n0, rows);
        int xacc = x.Min();
        var beats = new LoadBeat[cfg.Rows];
        for (int r = 0; r < cfg.Rows; r++)
        {
            if (r >= rows) { beats[r] = new LoadBeat(r, 0, 0); continue; }
            int k = k0 + r, sh = x[r] - xacc;
            if (sh > cfg.MaxShift) throw new ArgumentException($"row {r} (input {k}): pre-shift {sh} exceeds {cfg.MaxShift}; use fewer rows per tile");
            beats[r] = new LoadBeat(r, InlierTile.RowWords(q, k, n0, cfg.Cols, twoBitMode), sh);
        }
        return new ArrayTile(k0, n0, twoBitMode, xacc, beats);
    }

    /// <summary>The exact lanes of a tile for activations x (units 2^XAcc), from the quantizer's dequantized weights, wrapped.</summary>
    public static long[] Expected(MxIntArrayConfig cfg, QuantizedTensor q, ArrayTile t, ReadOnlySpan<int> x) =>
        InlierTile.Expected(q, t.K0, t.N0, t.TwoBitMode, t.XAcc, cfg.Rows, TileLanes(cfg, t.TwoBitMode), cfg.Lanes, cfg.AccumulatorWidth, x);
}
