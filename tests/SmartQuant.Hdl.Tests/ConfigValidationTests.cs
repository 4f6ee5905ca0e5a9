using System.Reflection;
using System.Text.Json;
using SmartQuant.Hw;

namespace SmartQuant.Hdl.Tests;

/// <summary>
/// Every built-in design's config record (src/SmartQuant.Spec) is checked where it enters — a file through
/// <see cref="DesignConfig.FromJson(Type, string, string)"/>, a record built in code at its first consumer — and an
/// unchecked invalid instance has no JSON form and no hash, so it cannot reach a generated file or a build cache key.
/// Errors from a file are in the file's terms: its path, the field's JSON name, never a .NET type.
/// </summary>
public class ConfigValidationTests
{
    public static TheoryData<string> Designs() => [.. DesignCatalog.All.Select(d => d.Name)];

    private static DesignEntry Entry(string design) => DesignCatalog.Find(design);

    private static string JsonName(string member) => JsonNamingPolicy.CamelCase.ConvertName(member);

    /// <summary>The integer fields a config file may set.</summary>
    private static IEnumerable<PropertyInfo> IntegerFields(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && p.PropertyType == typeof(int));

    [Theory, MemberData(nameof(Designs))]
    public void The_default_is_valid_and_round_trips_through_its_file_form(string design)
    {
        var d = Entry(design).DefaultConfig;
        var back = DesignConfig.FromJson(d.GetType(), d.ToJson(), "d.json");
        Assert.Equal(d, back);
        Assert.Equal(d.Hash(), back.Hash());
    }

    [Theory, MemberData(nameof(Designs))]
    public void An_unknown_field_is_one_line_naming_the_file_and_the_field_never_a_dotnet_type(string design)
    {
        var type = Entry(design).ConfigType;
        var e = Assert.Throws<ConfigException>(() => DesignConfig.FromJson(type, "{ \"noSuchField\": 1 }", "cfg/my.json"));
        Assert.StartsWith("cfg/my.json: unknown field 'noSuchField' (fields: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain(type.Name, e.Message);
        Assert.DoesNotContain(".NET", e.Message);
        Assert.DoesNotContain("System.", e.Message);
        // every field the record has is listed by its JSON name
        foreach (var f in IntegerFields(type)) Assert.Contains(JsonName(f.Name), e.Message);
    }

    [Theory, MemberData(nameof(Designs))]
    public void Every_integer_field_has_a_rule_and_a_violation_names_that_field(string design)
    {
        var type = Entry(design).ConfigType;
        var fields = IntegerFields(type).ToList();
        Assert.NotEmpty(fields);
        foreach (var f in fields)
        {
            var name = JsonName(f.Name);
            var e = Assert.Throws<ConfigException>(() => DesignConfig.FromJson(type, $"{{ \"{name}\": -1 }}", "my.json"));
            Assert.StartsWith($"my.json: {name}: must ", e.Message);
            Assert.EndsWith("(got -1)", e.Message);
            Assert.Equal(f.Name, e.Field);
        }
    }

    [Theory, MemberData(nameof(Designs))]
    public void An_unchecked_invalid_instance_has_no_file_form_and_no_hash(string design)
    {
        var type = Entry(design).ConfigType;
        var field = JsonName(IntegerFields(type).First().Name);
        // deserialized without FromJson: nothing has checked it yet
        var bad = (DesignConfig)JsonSerializer.Deserialize($"{{ \"{field}\": -1 }}", type, DesignConfig.Json)!;
        Assert.Throws<ConfigException>(() => bad.Hash());
        Assert.Throws<ConfigException>(() => bad.ToJson());
        Assert.Throws<ConfigException>(() => Entry(design).Elaborate(bad));
    }
}
