using SmartQuant.Hw.MicroScopiQ;
using SmartQuant.Models.MicroScopiQ;
using SmartQuant.Quant.MicroScopiQ;

namespace SmartQuant.Sim.Drivers;

/// <summary>
/// One weight tile of a real layer: PE row r holds input feature <see cref="Features"/>[r], the lanes hold output
/// channels <see cref="N0"/>…; <see cref="Block"/> is the tile's 128-channel macro-block cut out of the layer (so the
/// project's tiling and exact tile reference apply unchanged). Results are in units 2^Tile.XAcc.
/// </summary>
public sealed record RealTile(RealLayerData Layer, int N0, int[] Features, QuantizedTensor Block, WeightTile Tile)
{
    public int Lanes(MicroScopiQConfig cfg) => MicroScopiQTiling.TileLanes(cfg, Tile.TwoBitMode);

    /// <summary>Token t's activation codes in PE-row order (rows past the features are 0).</summary>
    public int[] Token(MicroScopiQConfig cfg, int t)
    {
        var x = new int[cfg.Rows];
        for (int r = 0; r < Features.Length; r++) x[r] = Layer.X(t, Features[r]);
        return x;
    }

    /// <summary>The exact tile result from the quantizer's dequantized weights (<see cref="MicroScopiQTiling.Expected"/>).</summary>
    public long[] Expected(MicroScopiQConfig cfg, int t) => MicroScopiQTiling.Expected(cfg, Block, Tile, Token(cfg, t));
}

/// <summary>
/// Maps a real layer onto the array: per lane block (Lanes output channels of one macro-block) the input features in
/// order, Rows per tile, like <see cref="MicroScopiQTiling"/>, except that a tile is closed early when the next
/// feature's inlier exponent would put a row pre-shift out of reach (sh_r = X_r − min X + 2h ≤ MaxShift,
/// docs/spec/recon.md). The host adds the tiles' partial sums (each in its own units 2^XAcc) as it adds the K/Rows
/// tiles of the plain tiling. On the cached all-MiniLM-L6-v2 layers no tile had to be closed early (every 8-row group
/// spans at most MaxShift − 2h exponents), so the tiling is the plain one there; the rule keeps any layer mappable.
/// </summary>
public static class RealLayerTiles
{
    /// <summary>Every lane block's start channel, ordered by the number of outlier µBs in it (most first, ties by channel).</summary>
    public static int[] LaneBlocksByOutliers(MicroScopiQConfig cfg, RealLayerData d)
    {
        var q = d.Weights;
        int lanes = MicroScopiQTiling.TileLanes(cfg, d.Bits == 2), ub = q.Layout.MicroBlock;
        return [.. Enumerable.Range(0, q.Rows / lanes).Select(b => b * lanes)
            .OrderByDescending(n0 => Enumerable.Range(0, q.Cols).Sum(k => Enumerable.Range(n0 / ub, lanes / ub).Count(m => q.PairCount[k * q.MicroBlocksPerCol + m] > 0)))
            .ThenBy(n0 => n0)];
    }

    /// <summary>The tiles of the lane blocks starting at <paramref name="laneBlocks"/> (all blocks when null), block by block.</summary>
    public static List<RealTile> Plan(MicroScopiQConfig cfg, RealLayerData d, IEnumerable<int>? laneBlocks = null)
    {
        var q = d.Weights;
        bool twoBitMode = d.Bits == 2;
        int lanes = MicroScopiQTiling.TileLanes(cfg, twoBitMode), mb = q.Layout.MacroBlock;
        if (mb % lanes != 0) throw new ArgumentException($"a {cfg.Rows}×{cfg.Cols} array has {lanes} lanes at bb = {d.Bits}, more than the {mb}-channel macro-block of {d.Label}");
        int spread = cfg.MaxShift - 2 * q.Layout.HalfBits;
        var tiles = new List<RealTile>();
        foreach (int n0 in laneBlocks ?? Enumerable.Range(0, q.Rows / lanes).Select(b => b * lanes))
        {
            int block = n0 / mb;
            var group = new List<int>();
            int lo = int.MaxValue, hi = int.MinValue;
            void Flush()
            {
                if (group.Count == 0) return;
                var features = group.ToArray();
                var sub = Cut(q, block, features);
                tiles.Add(new RealTile(d, n0, features, sub, MicroScopiQTiling.Plan(cfg, sub, 0, n0 - block * mb)));
                group.Clear();
                (lo, hi) = (int.MaxValue, int.MinValue);
            }
            for (int k = 0; k < q.Cols; k++)
            {
                int x = q.InlierExponent[k * q.MacroBlocksPerCol + block];
                if (group.Count == cfg.Rows || Math.Max(hi, x) - Math.Min(lo, x) > spread) Flush();
                group.Add(k);
                (lo, hi) = (Math.Min(lo, x), Math.Max(hi, x));
            }
            Flush();
        }
        return tiles;
    }

    /// <summary>Macro-block <paramref name="block"/> of the given input features as a tensor of its own (one macro-block × features).</summary>
    public static QuantizedTensor Cut(QuantizedTensor q, int block, int[] features)
    {
        var L = q.Layout;
        int mb = L.MacroBlock, ubs = mb / L.MicroBlock;
        var s = new QuantizedTensor(mb, features.Length, L);
        for (int j = 0; j < features.Length; j++)
        {
            int k = features[j];
            Array.Copy(q.Codes, (long)k * q.Rows + block * mb, s.Codes, (long)j * mb, mb);
            s.InlierExponent[j] = q.InlierExponent[k * q.MacroBlocksPerCol + block];
            int src = k * q.MicroBlocksPerCol + block * ubs, dst = j * ubs;
            Array.Copy(q.PairCount, src, s.PairCount, dst, ubs);
            Array.Copy(q.DeltaO, src, s.DeltaO, dst, ubs);
            Array.Copy(q.Pairs, src * 4, s.Pairs, dst * 4, ubs * 4);
        }
        return s;
    }
}
