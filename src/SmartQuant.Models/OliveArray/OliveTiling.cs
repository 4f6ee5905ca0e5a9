using System.Numerics;
using SmartQuant.Hw.OliveArray;
using SmartQuant.Models.ArrayBaseline;
using SmartQuant.Quant.Olive;

namespace SmartQuant.Models.OliveArray;

/// <summary>
/// Maps an <see cref="OliveTensor"/> (4-bit, W[N × K], pairs along K) onto the olive-array: PE row r = input k0 + r,
/// column c = output channel n0 + c; load beat p carries pair (k0 + 2p, k0 + 2p + 1) of every column. A tile's rows
/// must lie in one scale group of every row of W, so each column's sum is in units of one FP16 scale (applied outside).
/// Rows and columns past the tensor load zero codes.
/// </summary>
public static class OliveTiling
{
    public static ArrayTile Plan(OliveArrayConfig cfg, OliveTensor t, int k0, int n0)
    {
        if (t.Format.Bits != 4) throw new ArgumentException($"the OliVe array decodes 4-bit pairs, got {t.Format.Bits}-bit codes");
        if (k0 % 2 != 0) throw new ArgumentException("a tile starts at an even input (pairs never straddle tiles)");
        int last = Math.Min(k0 + cfg.Rows, t.K) - 1;
        if (k0 / t.Group != last / t.Group) throw new ArgumentException($"inputs {k0}…{last} straddle scale groups of {t.Group}; use a row count that divides the group");
        var beats = new LoadBeat[cfg.Pairs];
        for (int p = 0; p < cfg.Pairs; p++)
        {
            BigInteger bits = 0;
            int k = k0 + 2 * p;
            for (int c = 0; c < cfg.Cols && k < t.K; c++)
            {
                int n = n0 + c;
                if (n >= t.N) break;
                long i = (long)n * t.K + k;
                bits |= (BigInteger)(t.Codes[i] | (t.Codes[i + 1] << 4)) << (8 * c);
            }
            beats[p] = new LoadBeat(p, bits);
        }
        return new ArrayTile(k0, n0, TwoBitMode: false, XAcc: 0, beats);
    }

    /// <summary>The exact column sums of a tile for activations x, from the quantizer's own pair decode (units of each column's scale), wrapped.</summary>
    public static long[] Expected(OliveArrayConfig cfg, OliveTensor t, ArrayTile tile, ReadOnlySpan<int> x)
    {
        var y = new long[cfg.Cols];
        for (int c = 0; c < cfg.Cols && tile.N0 + c < t.N; c++)
            for (int k = tile.K0; k < Math.Min(tile.K0 + cfg.Rows, t.K); k += 2)
            {
                long i = (long)(tile.N0 + c) * t.K + k;
                var (v0, v1) = t.Format.Decode(t.Codes[i], t.Codes[i + 1]);
                y[c] += (long)v0 * x[k - tile.K0] + (long)v1 * x[k + 1 - tile.K0];
            }
        int aw = cfg.AccumulatorWidth;
        for (int j = 0; j < y.Length; j++) y[j] = (y[j] << (64 - aw)) >> (64 - aw);
        return y;
    }

    /// <summary>
    /// A random 4-bit pair tensor for co-simulation: 30 % outlier–victim pairs (either slot, every abfloat code), 2 % of
    /// the three pairs no encoder writes (they decode to zeros), the rest two random INT4 codes; one group per row, scale 1.
    /// </summary>
    public static OliveTensor Random(int n, int k, int seed)
    {
        var rng = new Random(seed);
        var codes = new byte[n * k];
        for (int i = 0; i < codes.Length; i += 2)
        {
            int roll = rng.Next(100);
            (int a, int b) pair = roll < 2 ? rng.Next(3) switch { 0 => (8, 8), 1 => (8, 0), _ => (0, 8) }
                : roll < 32 ? (rng.Next(2) == 0 ? ((rng.Next(2) << 3) | rng.Next(1, 8), 8) : (8, (rng.Next(2) << 3) | rng.Next(1, 8)))
                : (NormalCode(rng), NormalCode(rng));
            codes[i] = (byte)pair.a; codes[i + 1] = (byte)pair.b;
        }
        return new OliveTensor(OliveFormat.Int4, n, k, k, codes, [.. Enumerable.Repeat((Half)1, n)]);
    }

    private static int NormalCode(Random rng) { int c; do c = rng.Next(16); while (c == 8); return c; }
}
