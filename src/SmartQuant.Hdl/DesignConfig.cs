using System.Reflection;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

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
/// Base of every design's configuration record (Gemmini-style): defaults and rules in the record, derived values as
/// properties. The same instance feeds the hardware classes, the golden model and the test bench; its hash is stamped
/// into every generated file.
/// </summary>
/// <remarks>
/// <para><b>An invalid config does not exist.</b> A config's parameters are the parameters of its one public
/// constructor (named, each with its default: <c>new MacArrayConfig(rows: 8)</c>); its properties are get-only and the
/// constructor ends with <see cref="CheckAt"/>, so the rules in <see cref="Check"/> run exactly once per instance,
/// when it is made, and no instance that breaks them is ever returned. This is what Scala kits get from
/// <c>require</c> in a case class body (whose <c>copy</c> also runs the constructor). C# records offer two ways round
/// a constructor — object initializers and <c>with</c> — and both need <c>init</c> accessors, which config
/// parameters do not have: neither compiles (a test pins it). Every consumer — the tops, the golden models, the
/// emitter (via <see cref="Hash"/>), the build cache — can therefore take the record as it is, with no
/// <c>Validate()</c> of its own.</para>
/// <para>The file form (<see cref="ToJson"/>, <see cref="FromJson(Type, string, string)"/>) is the constructor's
/// parameters under their own names; <see cref="FromJson(Type, string, string)"/> builds the record through the same
/// constructor. A broken rule names the parameter as the user wrote it and where: "MyTop.cs:12: rows: must be in
/// 1..256 (got 0)" for a record built in C# (the caller's file and line), "cfg.json:3: rows: …" for a file (the line
/// of the field) — never a .NET type or member.</para>
/// </remarks>
public abstract record DesignConfig
{
    /// <summary>
    /// The last statement of every config constructor: runs <see cref="Check"/> and, if a rule is broken, throws
    /// <see cref="ConfigException"/> "file:line: field: rule" at the caller's <paramref name="file"/>/<paramref name="line"/>
    /// (the constructor's <c>[CallerFilePath]</c>/<c>[CallerLineNumber]</c>; none when they are empty).
    /// </summary>
    protected void CheckAt(string file, int line)
    {
        try { Check(); }
        catch (ConfigException e) when (e.Field is not null && e.Rule is not null)
        {
            var at = new SourceLocation(file, line);
            throw new ConfigException($"{(at.IsKnown ? at + ": " : "")}{JsonName(e.Field)}: {e.Rule}", e.Field, e.Rule);
        }
    }

    /// <summary>The design's rules, one <c>Require…</c> per field; called by <see cref="CheckAt"/> only.</summary>
    protected abstract void Check();

    protected void Require(bool condition, string field, string rule)
    {
        if (!condition) throw new ConfigException($"{JsonName(field)}: {rule}", field, rule);
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
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
        // A config's file form is its constructor's parameters; derived values (every other property) follow from them
        // and are not part of the file or the hash.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OnlyParameters } },
    };

    private static void OnlyParameters(JsonTypeInfo info)
    {
        if (!typeof(DesignConfig).IsAssignableFrom(info.Type) || info.Kind != JsonTypeInfoKind.Object) return;
        var names = Parameters(info.Type).Select(p => p.Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        for (int i = info.Properties.Count - 1; i >= 0; i--)
            if (!names.Contains(info.Properties[i].Name)) info.Properties.RemoveAt(i);
    }

    /// <summary>The config's one public constructor: its parameters are the config's fields.</summary>
    private static ConstructorInfo Constructor(Type type)
    {
        var ctors = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance);
        return ctors.Length == 1 ? ctors[0] : throw new InvalidOperationException($"{type.Name} must have exactly one public constructor (its parameters are the config's fields)");
    }

    private static bool IsCallerInfo(ParameterInfo p) => p.IsDefined(typeof(CallerFilePathAttribute)) || p.IsDefined(typeof(CallerLineNumberAttribute));

    /// <summary>The config's fields: its constructor's parameters but the caller-location ones.</summary>
    private static IEnumerable<ParameterInfo> Parameters(Type type) => Constructor(type).GetParameters().Where(p => !IsCallerInfo(p));

    /// <summary>The canonical JSON form: the constructor's parameters, camel-cased, in declaration order of their properties.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, GetType(), Json);

    /// <summary>SHA-256 of the canonical JSON form (hex).</summary>
    public string Hash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToJson())));

    /// <summary>Reads a config of type <typeparamref name="T"/> from JSON, unknown fields rejected; see <see cref="FromJson(Type, string, string)"/>.</summary>
    public static T FromJson<T>(string json, string source) where T : DesignConfig => (T)FromJson(typeof(T), json, source);

    /// <summary>
    /// Reads a config of <paramref name="type"/> from JSON through its constructor (fields left out keep the
    /// constructor's defaults), so a file gives a checked record or none. Every problem is one <see cref="ConfigException"/>
    /// in the file's terms — "<paramref name="source"/>: unknown field 'rowz' (fields: …)", "…:3: field 'rows': expected
    /// an integer", "…:3: rows: must be in 1..256 (got 0)" (the line of the field, none when the broken rule is about a
    /// field left at its default) — never a .NET type or member name.
    /// </summary>
    public static DesignConfig FromJson(Type type, string json, string source)
    {
        var fields = Parameters(type).ToDictionary(p => p.Name!, StringComparer.OrdinalIgnoreCase);
        string FieldList() => string.Join(", ", fields.Keys);
        var lines = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);   // field -> line of its key
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new ConfigException($"{source}: expected a JSON object of fields ({FieldList()})");
            foreach (var p in doc.RootElement.EnumerateObject())
                if (!fields.ContainsKey(p.Name)) throw new ConfigException($"{source}: unknown field '{p.Name}' (fields: {FieldList()})");
            var bytes = Encoding.UTF8.GetBytes(json);
            var reader = new Utf8JsonReader(bytes);
            while (reader.Read())
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                    lines[reader.GetString()!] = 1 + bytes.AsSpan(0, (int)reader.TokenStartIndex).Count((byte)'\n');
        }
        catch (JsonException e)
        {
            throw new ConfigException($"{source}:{(e.LineNumber ?? 0) + 1}: invalid JSON ({ReaderReason(e.Message)})");
        }

        using (doc)
        {
            var args = new List<object?>();
            foreach (var p in Constructor(type).GetParameters())
            {
                if (IsCallerInfo(p)) { args.Add(p.ParameterType == typeof(string) ? "" : 0); continue; }
                var given = doc.RootElement.EnumerateObject().Where(f => string.Equals(f.Name, p.Name, StringComparison.OrdinalIgnoreCase)).ToList();
                if (given.Count == 0) { args.Add(p.DefaultValue); continue; }
                try { args.Add(given[^1].Value.Deserialize(p.ParameterType, Json)); }
                catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
                {
                    throw new ConfigException($"{source}:{lines[p.Name!]}: field '{p.Name}': expected {Expected(p.ParameterType)}");
                }
            }
            try { return (DesignConfig)Constructor(type).Invoke(BindingFlags.DoNotWrapExceptions, null, [.. args], null); }
            catch (ConfigException e) when (e.Field is not null && e.Rule is not null)
            {
                string field = JsonName(e.Field);
                string at = lines.TryGetValue(field, out int line) ? $"{source}:{line}" : source;
                throw new ConfigException($"{at}: {field}: {e.Rule}", e.Field, e.Rule);
            }
        }
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
