using SmartQuant.Hw.MicroScopiQ;
using SmartQuant.Models.MicroScopiQ;
using SmartQuant.Quant.MicroScopiQ;

namespace SmartQuant.Models.Energy;

/// <summary>
/// MicroScopiQ (design "microscopiq") at bb = 4 (one 4-bit weight per PE, Cols lanes) or bb = 2 (two 2-bit weights,
/// 2·Cols lanes). Cycles are <see cref="MicroScopiQSchedule"/> with one ReCoN per row (no arbitration stalls); the
/// counters macs and recon_traversals give the MAC and ReCoN actions. Weight rows are written into a bank with their
/// metadata (shift, µB present mask, µB records); the correction chain carries every token's Lanes sums for
/// Rows + Stages + 1 stages.
/// </summary>
public sealed class MicroScopiQDesign(int rows, int cols, int bits, double storedBitsPerWeight) : AcceleratorDesign(rows, cols)
{
    public int Bits { get; } = bits is 2 or 4 ? bits : throw new ArgumentException($"bb must be 2 or 4 (got {bits})");
    public double StoredBits { get; } = storedBitsPerWeight;
    public MicroScopiQConfig Config { get; } = new(rows: rows, cols: cols);

    public override string Name => "microscopiq";
    public override string Format => $"MicroScopiQ bb = {bits} (MX-INT inliers, MX-FP outliers, ReCoN merge)";
    public override int MacWeightBits => Bits;
    public override int Lanes => MicroScopiQTiling.TileLanes(Config, Bits == 2);
    public override bool Analytical => false;
    public override AcceleratorDesign Resize(int rows, int cols) => new MicroScopiQDesign(rows, cols, Bits, StoredBits);
    public override bool Supports(int rows, int cols) => rows is >= 1 and <= 256 && cols is >= 4 and <= 256 && (cols & (cols - 1)) == 0;
    public override double StoredBitsPerWeight(int inputs) => StoredBits;
    public override long Cycles(long tiles, int tokens) => MicroScopiQSchedule.Cycles(Config, tiles, tokens);
    protected override long ReconTraversals(LayerShape layer, int tokens) => layer.OutlierTileRows * tokens;

    /// <summary>Bits of one weight row as the load port writes it: Cols 4-bit words, the pre-shift, the µB present mask and records.</summary>
    public long RowBits => (long)Cols * MicroScopiQConfig.WeightWordWidth + Config.ShiftWidth + Config.MicroSlots * (1 + MicroScopiQConfig.RecordWidth);

    /// <summary>Registers per token: every PE's activation and its two lanes' sums in each row, and the correction chain.
    /// ReCoN: a traversal sends the row's Lanes items through Stages switch stages and Lanes merge/correction lanes.</summary>
    public override ActionCounts Actions(ScheduleEvents e)
    {
        long lanes = Config.Lanes, aw = Config.AccumulatorWidth;
        long perToken = Rows * (Cols * ActivationBits + lanes * aw) + (Rows + Config.Stages + 1) * lanes * aw;
        return BufferActions(e, RowBits)
            .Add(EnergyActions.MacFor(Bits), e.Macs)
            .Add(EnergyActions.RegisterBit, checked(e.RowLoads * RowBits + e.TokenTiles * perToken))
            .Add(EnergyActions.ReconSwitch, checked(e.ReconTraversals * Config.Stages * lanes))
            .Add(EnergyActions.MergeLane, checked(e.ReconTraversals * lanes));
    }

    /// <summary>
    /// (tile, PE row) pairs of a quantized layer whose row holds at least one outlier µB among the tile's lanes: the
    /// rows the golden model sends through ReCoN for every token of the tile (its RowHasOutliers, from the same
    /// PairCount the tiling turns into the present mask).
    /// </summary>
    public static long OutlierTileRows(MicroScopiQConfig cfg, QuantizedTensor q)
    {
        int lanes = MicroScopiQTiling.TileLanes(cfg, q.Layout.Bits == 2), mb = q.Layout.MicroBlock;
        long n = 0;
        for (int n0 = 0; n0 < q.Rows; n0 += lanes)
            for (int k = 0; k < q.Cols; k++)
            {
                int first = k * q.MicroBlocksPerCol + n0 / mb, last = k * q.MicroBlocksPerCol + Math.Min(q.Rows, n0 + lanes) / mb;
                for (int b = first; b < last; b++)
                    if (q.PairCount[b] > 0) { n++; break; }
            }
        return n;
    }
}
