using System.Globalization;
using SmartQuant.Hdl;
using SmartQuant.Hw;

namespace SmartQuant.Sim.Regress;

/// <summary>
/// The configurations a design is regressed on: named ones (the nightly list), the one smoke runs use, and an
/// optional generator of random legal configurations, so the generator itself is regressed, not only its defaults.
/// </summary>
public sealed record DesignSpace(
    string Design,
    IReadOnlyDictionary<string, DesignConfig> Named,
    string SmokeTag = "default",
    Func<SimRandom, DesignConfig>? Random = null)
{
    public const string DefaultTag = "default";
    private const string RandomPrefix = "rnd-";

    /// <summary>The configuration a tag stands for: "default", a named one, or "rnd-HEX" (drawn from that seed).</summary>
    public DesignConfig Resolve(string tag)
    {
        if (tag == DefaultTag) return DesignCatalog.Find(Design).DefaultConfig;
        if (Named.TryGetValue(tag, out var named)) return named;
        if (tag.StartsWith(RandomPrefix, StringComparison.Ordinal)
            && ulong.TryParse(tag[RandomPrefix.Length..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var seed))
        {
            if (Random is null) throw new HdlException($"design '{Design}' has no random configuration generator");
            return Random(new SimRandom(seed));   // a generator bug fails in its config's constructor, here, not in a worker
        }
        throw new HdlException($"design '{Design}' has no configuration '{tag}' (known: {string.Join(", ", Named.Keys.Prepend(DefaultTag))}{(Random is null ? "" : ", rnd-HEX")})");
    }

    public static string RandomTag(ulong seed) => $"{RandomPrefix}{seed:x16}";
}
