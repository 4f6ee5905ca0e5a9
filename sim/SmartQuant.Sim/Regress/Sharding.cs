namespace SmartQuant.Sim.Regress;

/// <summary>
/// Splits a suite into n disjoint slices of similar cost, the same on every machine: cases are taken by decreasing
/// cost (ties by ID) and each goes to the currently cheapest slice (ties to the lowest index).
/// </summary>
public static class Sharding
{
    public static IReadOnlyList<RegressCase> Slice(IReadOnlyList<RegressCase> cases, int index, int count)
    {
        if (count < 1 || index < 1 || index > count)
            throw new ArgumentException($"--shard must be i/n with 1 <= i <= n (got {index}/{count})");
        var load = new long[count];
        var slices = Enumerable.Range(0, count).Select(_ => new List<RegressCase>()).ToArray();
        foreach (var c in cases.OrderByDescending(c => c.Cost).ThenBy(c => c.Id, StringComparer.Ordinal))
        {
            var target = 0;
            for (var i = 1; i < count; i++) if (load[i] < load[target]) target = i;
            slices[target].Add(c);
            load[target] += c.Cost;
        }
        return [.. slices[index - 1].OrderBy(c => c.Id, StringComparer.Ordinal)];
    }

    /// <summary>Parses "i/n".</summary>
    public static (int Index, int Count) Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], out var i) && int.TryParse(parts[1], out var n) && n >= 1 && i >= 1 && i <= n)
            return (i, n);
        throw new ArgumentException($"--shard must be i/n with 1 <= i <= n (got '{text}')");
    }
}
