using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmartQuant.Hdl;

/// <summary>A configuration record is invalid; the message names the field and the allowed range.</summary>
public sealed class ConfigException(string message) : HdlException(message);

/// <summary>
/// Base of every design's configuration record (Gemmini-style): defaults in the record, all checks in
/// <see cref="Validate"/>, derived values as properties. The same instance feeds the hardware classes, the golden
/// model and the test bench; its hash is stamped into every generated file.
/// </summary>
public abstract record DesignConfig
{
    /// <summary>Throws <see cref="ConfigException"/> naming the first invalid field.</summary>
    public abstract void Validate();

    protected void Require(bool condition, string field, string rule)
    {
        if (!condition) throw new ConfigException($"{GetType().Name}.{field}: {rule}");
    }

    protected static bool IsPowerOfTwo(long v) => v > 0 && (v & (v - 1)) == 0;

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        // Derived values (get-only properties) follow from the parameters: not part of the file or the hash.
        IgnoreReadOnlyProperties = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Files may spell fields as the C# members do ("Rows") or camel-cased ("rows"); they are written camel-cased.
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public string ToJson() => JsonSerializer.Serialize(this, GetType(), Json);

    /// <summary>SHA-256 of the canonical JSON form (hex).</summary>
    public string Hash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToJson())));

    /// <summary>Reads a config of type <typeparamref name="T"/> from JSON, unknown fields rejected, then validates it.</summary>
    public static T FromJson<T>(string json, string source) where T : DesignConfig => (T)FromJson(typeof(T), json, source);

    public static DesignConfig FromJson(Type type, string json, string source)
    {
        DesignConfig? config;
        try { config = (DesignConfig?)JsonSerializer.Deserialize(json, type, Json); }
        catch (JsonException e) { throw new ConfigException($"{source}: {e.Message}"); }
        if (config is null) throw new ConfigException($"{source}: empty configuration");
        config.Validate();
        return config;
    }
}
