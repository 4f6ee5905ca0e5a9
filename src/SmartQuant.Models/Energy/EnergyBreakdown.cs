namespace SmartQuant.Models.Energy;

/// <summary>
/// Energy of a set of action counts: every action's count × its table entry (attojoules, exact integers), summed per
/// category and in total. Nothing else enters the total, so the breakdown sums to it by construction.
/// </summary>
public sealed record EnergyBreakdown(IReadOnlyDictionary<EnergyAction, long> ByAction)
{
    public long Attojoules => ByAction.Values.Aggregate(0L, (s, v) => checked(s + v));

    public long Category(EnergyCategory c) => ByAction.Where(kv => kv.Key.Category == c).Aggregate(0L, (s, kv) => checked(s + kv.Value));

    public double Picojoules => Attojoules / 1e6;
    public double Microjoules => Attojoules / 1e12;

    public static EnergyBreakdown Of(ActionCounts counts, EnergyTable table) =>
        new(counts.NonZero.ToDictionary(x => x.Action, x => checked(x.Count * table[x.Action].Attojoules)));
}
