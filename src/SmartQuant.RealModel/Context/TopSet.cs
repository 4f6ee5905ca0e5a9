namespace SmartQuant.RealModel.Context;

/// <summary>
/// The "important" units of a score vector: exactly <see cref="Count"/> of them, the highest scores first, ties to
/// the lower index (so a set is reproducible and its size never depends on the scores).
/// </summary>
public static class TopSet
{
    /// <summary>round(fraction · units), halves away from zero; fraction in [0, 1].</summary>
    public static int Count(int units, double fraction)
    {
        if (!(fraction >= 0 && fraction <= 1)) throw new ArgumentOutOfRangeException(nameof(fraction), $"fraction {fraction} outside 0…1");
        return (int)Math.Round(fraction * units, MidpointRounding.AwayFromZero);
    }

    /// <summary>Membership mask of the top <paramref name="count"/> scores.</summary>
    public static bool[] Of(IReadOnlyList<double> scores, int count)
    {
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(count);
        var mask = new bool[scores.Count];
        foreach (var i in order) mask[i] = true;
        return mask;
    }

    public static bool[] Of(IReadOnlyList<double> scores, double fraction) => Of(scores, Count(scores.Count, fraction));
}
