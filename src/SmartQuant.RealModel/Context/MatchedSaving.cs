namespace SmartQuant.RealModel.Context;

/// <summary>
/// The saving at matched fidelity: among the rows whose mean cosine is within <see cref="Tolerance"/> of the
/// reference's (or above it), the one with the least DRAM energy and the one with the shortest load, against the
/// reference row.
/// </summary>
public sealed record MatchedSaving(PolicyRow Reference, PolicyRow? LeastEnergy, PolicyRow? Fastest)
{
    public const double Tolerance = 0.005;
    public double Energy => LeastEnergy is null ? 0 : 1 - LeastEnergy.EnergyUj / Reference.EnergyUj;
    public double Latency => Fastest is null ? 0 : 1 - Fastest.LoadUs / Reference.LoadUs;

    public static MatchedSaving Against(PolicyRow reference, IEnumerable<PolicyRow> rows, Func<PolicyRow, bool>? candidates = null)
    {
        var ok = rows.Where(r => r != reference && r.MeanCosine >= reference.MeanCosine - Tolerance && (candidates?.Invoke(r) ?? true)).ToList();
        return new MatchedSaving(reference, ok.MinBy(r => r.EnergyUj), ok.MinBy(r => r.LoadUs));
    }
}
