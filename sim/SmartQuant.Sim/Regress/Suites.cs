using SmartQuant.Hdl;

namespace SmartQuant.Sim.Regress;

/// <summary>
/// The regression suites. <c>smoke</c> is what <c>make test</c> runs (every test of every design but those that need
/// the real model, its smoke configuration, two seeds, short); <c>nightly</c> runs every named configuration with many seeds and long runs;
/// <c>random</c> draws random legal configurations from a seed.
/// </summary>
public static class Suites
{
    public static readonly string[] Names = ["smoke", "nightly", "random"];

    public static IReadOnlyList<RegressCase> Build(string suite, ulong seed = 1, int randomConfigs = 8)
    {
        var cases = suite switch
        {
            "smoke" => Smoke(),
            "nightly" => Nightly(),
            "random" => Random(seed, randomConfigs),
            _ => throw new HdlException($"unknown suite '{suite}' (suites: {string.Join(", ", Names)})"),
        };
        return [.. cases.OrderBy(c => c.Id, StringComparer.Ordinal)];
    }

    private static IEnumerable<RegressCase> Smoke() =>
        from t in SimTestCatalog.All
        where !SimTestCatalog.NeedsRealModel(t)
        from s in new ulong[] { 1, 2 }
        select new RegressCase(t.Design, t.Name, RegressionCatalog.Space(t.Design).SmokeTag, s, 20_000);

    private static IEnumerable<RegressCase> Nightly() =>
        from t in SimTestCatalog.All
        from tag in RegressionCatalog.Space(t.Design).Named.Keys.Prepend(DesignSpace.DefaultTag)
        from s in Enumerable.Range(1, 8)
        select new RegressCase(t.Design, t.Name, tag, (ulong)s, 1_000_000);

    private static IEnumerable<RegressCase> Random(ulong seed, int count)
    {
        var rng = new SimRandom(seed);
        foreach (var t in SimTestCatalog.All)
        {
            if (RegressionCatalog.Space(t.Design).Random is null) continue;
            for (var i = 0; i < count; i++)
                yield return new RegressCase(t.Design, t.Name, DesignSpace.RandomTag(rng.Next()), rng.Next() >> 32, 50_000);
        }
    }
}
