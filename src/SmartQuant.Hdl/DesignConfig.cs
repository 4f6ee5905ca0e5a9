using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmartQuant.Hdl;

/// <summary>A configuration record is invalid; the message names the field and the allowed range.</summary>
public sealed class ConfigException(string message, string? field = null, string? rule = null) : HdlException(message)
{
    /// <summary>The C# member that is invalid (null when the problem is not one field's).</summary>
    public string? Field { get; } = field;
    /// <summary>What the field must satisfy, e.g. "must be in 1..256 (got 0)".</summary>
    public string? Rule { get; } = rule;
}

/// <summary>
/// Base of every design's configuration record (Gemmini-style): defaults in the record, all checks in
/// <see cref="Check"/>, derived values as properties. The same instance feeds the hardware classes, the golden
/// model and the test bench; its hash is stamped into every generated file.
/// </summary>
/// <remarks>
/// A record's members are init-only, so an instance cannot change after construction: it is checked once, where it
/// enters the system (<see cref="FromJson(Type, string, string)"/> for files, the first consumer otherwise), and every
/// later <see cref="Validate"/> of the same instance returns at once. <c>with</c> makes a new instance, which is
/// checked again when it is next used.
/// </remarks>
public abstract record DesignConfig
{
    // Instances that passed Check(), by reference (records compare by value; a validated and an unchecked copy are
    // equal, so the mark cannot be a field of the record).
    private static readonly ConditionalWeakTable<DesignConfig, object> Checked = new();
    private static readonly object Mark = new();

    /// <summary>Throws <see cref="ConfigException"/> naming the first invalid field; checks each instance once.</summary>
    public void Validate()
    {
        if (Checked.TryGetValue(this, out _)) return;
        Check();
        Checked.AddOrUpdate(this, Mark);
    }

    /// <summary>The design's rules, one <c>Require…</c> per field.</summary>
    protected abstract void Check();

    protected void Require(bool condition, string field, string rule)
    {
        if (!condition) throw new ConfigException($"{GetType().Name}.{field}: {rule}", field, rule);
    }

    /// <summary><paramref name="value"/> in [<paramref name="min"/>, <paramref name="max"/>]; <paramref name="why"/> is appended to the rule.</summary>
    protected void RequireRange(long value, long min, long max, string why = "", [CallerArgumentExpression(nameof(value))] string field = "")
        => Require(value >= min && value <= max, field, $"must be in {min}..{max}{why} (got {value})");

    /// <summary>A power of two in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    protected void RequirePowerOfTwo(long value, long min, long max, [CallerArgumentExpression(nameof(value))] string field = "")
        => Require(IsPowerOfTwo(value) && value >= min && value <= max, field, $"must be a power of two in {min}..{max} (got {value})");

    /// <summary><paramref name="value"/> is one of <paramref name="allowed"/>; <paramref name="why"/> is appended to the rule.</summary>
    protected void RequireOneOf(long value, long[] allowed, string why = "", [CallerArgumentExpression(nameof(value))] string field = "")
        => Require(allowed.Contains(value), field, $"must be {(allowed.Length == 1 ? "" : "one of ")}{string.Join(", ", allowed)}{why} (got {value})");

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

    /// <summary>The canonical JSON form. Checks the instance first: an invalid config has no file form, no hash, and so
    /// reaches no generated file, build cache key or report.</summary>
    public string ToJson()
    {
        Validate();
        return JsonSerializer.Serialize(this, GetType(), Json);
    }

    /// <summary>SHA-256 of the canonical JSON form (hex); like <see cref="ToJson"/>, only of a valid config.</summary>
    public string Hash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToJson())));

    /// <summary>Reads a config of type <typeparamref name="T"/> from JSON, unknown fields rejected, then validates it.</summary>
    public static T FromJson<T>(string json, string source) where T : DesignConfig => (T)FromJson(typeof(T), json, source);

    /// <summary>
    /// Reads a config of <paramref name="type"/> from JSON and checks it. Every problem is one <see cref="ConfigException"/>
    /// in the file's terms — "<paramref name="source"/>: unknown field 'rowz' (fields: …)", "field 'rows': expected an
    /// integer", "rows: must be in 1..256 (got 0)" — never a .NET type or member name.
    /// </summary>
    public static DesignConfig FromJson(Type type, string json, string source)
    {
        var fields = type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true }
                        && p.GetCustomAttributes(typeof(JsonIgnoreAttribute), true).Cast<JsonIgnoreAttribute>().All(i => i.Condition != JsonIgnoreCondition.Always))
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        string FieldList() => string.Join(", ", fields.Keys.Select(JsonName));
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new ConfigException($"{source}: expected a JSON object of fields ({FieldList()})");
            foreach (var p in doc.RootElement.EnumerateObject())
                if (!fields.ContainsKey(p.Name)) throw new ConfigException($"{source}: unknown field '{p.Name}' (fields: {FieldList()})");
        }
        catch (JsonException e)
        {
            throw new ConfigException($"{source}:{(e.LineNumber ?? 0) + 1}: invalid JSON ({ReaderReason(e.Message)})");
        }

        DesignConfig? config;
        try { config = (DesignConfig?)JsonSerializer.Deserialize(json, type, Json); }
        catch (JsonException e)
        {
            string name = e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "?";
            string expected = fields.TryGetValue(name, out var prop) ? Expected(prop.PropertyType) : "a valid value";
            throw new ConfigException($"{source}:{(e.LineNumber ?? 0) + 1}: field '{name}': expected {expected}");
        }
        if (config is null) throw new ConfigException($"{source}: empty configuration");
        try { config.Validate(); }
        catch (ConfigException e) when (e.Field is not null && e.Rule is not null)
        {
            throw new ConfigException($"{source}: {JsonName(e.Field)}: {e.Rule}", e.Field, e.Rule);
        }
        return config;
    }

    private static string JsonName(string member) => JsonNamingPolicy.CamelCase.ConvertName(member);

    private static string Expected(Type t) => (Nullable.GetUnderlyingType(t) ?? t) switch
    {
        var x when x == typeof(bool) => "true or false",
        var x when x == typeof(int) || x == typeof(long) || x == typeof(short) || x == typeof(byte) || x == typeof(uint) || x == typeof(ulong) => "an integer",
        var x when x == typeof(double) || x == typeof(float) || x == typeof(decimal) => "a number",
        var x when x == typeof(string) => "a string",
        var x when x.IsEnum => "one of " + string.Join(", ", Enum.GetNames(x)),
        _ => "a valid value",
    };

    // System.Text.Json appends " LineNumber: 0 | BytePositionInLine: 5." to reader errors; the line is reported separately.
    private static string ReaderReason(string message)
    {
        int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }
}
