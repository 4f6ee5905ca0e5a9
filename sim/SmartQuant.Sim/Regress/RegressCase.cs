using System.Globalization;
using SmartQuant.Hdl;
using SmartQuant.Hw;

namespace SmartQuant.Sim.Regress;

/// <summary>
/// One regression case: a design's test on one configuration, seed and length. Its <see cref="Id"/>
/// ("mac-array.random.rnd-1f2e3d4c5b6a7988.s3.n20000") encodes everything needed to replay it exactly with
/// <c>smartquant regress --only ID</c>.
/// </summary>
public sealed record RegressCase(string Design, string Test, string ConfigTag, ulong Seed, long Cycles)
{
    public string Id => $"{Design}.{Test}.{ConfigTag}.s{Seed}.n{Cycles}";

    /// <summary>Relative cost used to balance shards (cycles dominate; a build costs about as much as 50k cycles).</summary>
    public long Cost => Cycles + 50_000;

    /// <summary>The configuration the tag names, rebuilt from the design's regression space.</summary>
    public DesignConfig Config => RegressionCatalog.Space(Design).Resolve(ConfigTag);

    public ISimTest SimTest => SimTestCatalog.Find(Design, Test);

    public override string ToString() => Id;

    /// <summary>Parses an ID; the design, test and configuration must exist.</summary>
    public static RegressCase Parse(string id)
    {
        var parts = id.Split('.');
        if (parts.Length != 5 || !parts[3].StartsWith('s') || !parts[4].StartsWith('n')
            || !ulong.TryParse(parts[3][1..], NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
            || !long.TryParse(parts[4][1..], NumberStyles.None, CultureInfo.InvariantCulture, out var cycles) || cycles < 1)
            throw new HdlException($"'{id}' is not a regression case ID (expected design.test.config.sSEED.nCYCLES, e.g. mac-array.random.default.s1.n20000)");
        var c = new RegressCase(parts[0], parts[1], parts[2], seed, cycles);
        DesignCatalog.Find(c.Design);
        _ = c.SimTest;
        _ = c.Config;
        return c;
    }
}
