namespace SmartQuant.Quant.MicroScopiQ;

/// <summary>
/// Effective bits per weight of one packed layer. WeightsOnly = bb; Paper = weights + per-µB records (the paper's
/// Eq. 4 counts those but not the per-MaB header); Full = everything in the packed sections (weights, µB
/// records, 8-bit inlier exponent and 16-bit presence mask per macro-block).
/// </summary>
public sealed record EffectiveBitWidth(long Parameters, double WeightsOnly, double Paper, double Full, double OutlierMicroBlockFraction)
{
    public static EffectiveBitWidth Of(QuantizedTensor q)
    {
        long present = q.PairCount.Count(c => c != 0);
        long weights = q.Count * q.Layout.Bits;
        long records = 32 * present;
        long headers = 24L * q.MacroBlocksPerCol * q.Cols;
        return new EffectiveBitWidth(q.Count, q.Layout.Bits, (double)(weights + records) / q.Count,
            (double)(weights + records + headers) / q.Count, (double)present / q.PairCount.Length);
    }

    /// <summary>Mean over layers (the paper's Eq. 4) and parameter-weighted mean.</summary>
    public static (double LayerMean, double ParameterWeighted) Aggregate(IReadOnlyList<EffectiveBitWidth> layers, Func<EffectiveBitWidth, double> pick)
    {
        if (layers.Count == 0) throw new ArgumentException("no layers");
        double mean = layers.Average(pick);
        double weighted = layers.Sum(l => pick(l) * l.Parameters) / layers.Sum(l => (double)l.Parameters);
        return (mean, weighted);
    }
}
