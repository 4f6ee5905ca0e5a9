namespace SmartQuant.Models.Energy;

/// <summary>
/// How many times each <see cref="EnergyAction"/> happened (integers, so sums and comparisons are exact). Designs
/// return these from their analytical schedule; tests build the same from the golden models' counters.
/// </summary>
public sealed class ActionCounts
{
    private readonly Dictionary<EnergyAction, long> _counts = [];

    public long this[EnergyAction a] => _counts.GetValueOrDefault(a);

    /// <summary>Actions with a non-zero count, in <see cref="EnergyActions.All"/> order.</summary>
    public IEnumerable<(EnergyAction Action, long Count)> NonZero =>
        EnergyActions.All.Where(a => this[a] != 0).Select(a => (a, this[a]));

    public ActionCounts Add(EnergyAction a, long count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), $"{a.Name}: a count cannot be negative ({count})");
        _counts[a] = checked(this[a] + count);
        return this;
    }

    public ActionCounts Add(ActionCounts other)
    {
        foreach (var (a, n) in other.NonZero) Add(a, n);
        return this;
    }

    /// <summary>This set of counts repeated <paramref name="times"/> times (a layer repeated over encoder layers).</summary>
    public ActionCounts Times(long times)
    {
        var r = new ActionCounts();
        foreach (var (a, n) in NonZero) r.Add(a, checked(n * times));
        return r;
    }

    public bool SameAs(ActionCounts other) => EnergyActions.All.All(a => this[a] == other[a]);

    public override string ToString() => string.Join(", ", NonZero.Select(x => $"{x.Action.Name}={x.Count}"));
}
