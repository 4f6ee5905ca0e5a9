using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using SmartQuant.DesignFile;
using SmartQuant.Hw;

namespace SmartQuant.Hdl.Tests;

/// <summary>
/// Every built-in design's config record (src/SmartQuant.Spec) is checked in its one constructor, so an invalid config
/// cannot reach elaboration, a golden model, a generated file or a build cache key by any public path: construction,
/// <c>with</c> or an object initializer (they do not compile: no setters), a JSON file, a design file. Errors are in
/// the user's terms: the file and line, the field's JSON / parameter name, never a .NET type.
/// </summary>
public class ConfigValidationTests
{
    public static TheoryData<string> Designs() => [.. DesignCatalog.All.Select(d => d.Name)];

    private static DesignEntry Entry(string design) => DesignCatalog.Find(design);

    private static ConstructorInfo Constructor(Type type) => Assert.Single(type.GetConstructors());

    /// <summary>The integer fields a config file may set: its constructor's integer parameters.</summary>
    private static IEnumerable<ParameterInfo> IntegerFields(Type type) =>
        Constructor(type).GetParameters().Where(p => p.ParameterType == typeof(int) && !p.IsDefined(typeof(CallerLineNumberAttribute)));

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
        foreach (var f in IntegerFields(type)) Assert.Contains(f.Name!, e.Message);
    }

    [Theory, MemberData(nameof(Designs))]
    public void Every_integer_field_has_a_rule_and_a_violation_names_that_field_and_its_line(string design)
    {
        var type = Entry(design).ConfigType;
        var fields = IntegerFields(type).ToList();
        Assert.NotEmpty(fields);
        foreach (var f in fields)
        {
            var e = Assert.Throws<ConfigException>(() => DesignConfig.FromJson(type, $"{{\n  \"{f.Name}\": -1\n}}", "my.json"));
            Assert.StartsWith($"my.json:2: {f.Name}: must ", e.Message);
            Assert.EndsWith("(got -1)", e.Message);
            Assert.Equal(f.Name, JsonNamingPolicy.CamelCase.ConvertName(e.Field!));
        }
    }

    [Theory, MemberData(nameof(Designs))]
    public void No_public_path_makes_an_invalid_instance(string design)
    {
        var type = Entry(design).ConfigType;
        var ctor = Constructor(type);
        var field = IntegerFields(type).First();
        // construction: the constructor with one field out of range throws, naming the field
        var args = ctor.GetParameters().Select(p => p == field ? -1 : p.DefaultValue).ToArray();
        var e = Assert.Throws<ConfigException>(() => ctor.Invoke(BindingFlags.DoNotWrapExceptions, null, args, null));
        Assert.StartsWith($"{field.Name}: must ", e.Message);   // no caller file given here, so no location
        // `with` and object initializers need a settable or init-only member: a config has none, so neither compiles
        Assert.All(type.GetProperties(BindingFlags.Public | BindingFlags.Instance), p => Assert.Null(p.SetMethod));
        // a file: through the same constructor
        Assert.Throws<ConfigException>(() => DesignConfig.FromJson(type, $"{{ \"{field.Name}\": -1 }}", "my.json"));
        // the serializer on its own cannot make one either: it must bind the checking constructor, and cannot
        Assert.ThrowsAny<Exception>(() => JsonSerializer.Deserialize($"{{ \"{field.Name}\": -1 }}", type, DesignConfig.Json));
    }

    [Fact]
    public void A_design_file_that_builds_an_invalid_config_stops_at_its_own_line()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "InvalidConfig.cs");
        File.Copy(DesignFileTests.Repo("tests/SmartQuant.Hdl.Tests/DesignFiles/InvalidConfig.cs.txt"), path);
        var e = Assert.Throws<ConfigException>(() => DesignFileCompiler.Elaborate(path));
        Assert.EndsWith("InvalidConfig.cs:9: accumulatorWidth: must be in 40..64 so a product fits (got 32)", e.Message);
        Assert.DoesNotContain("MacArrayConfig", e.Message);
    }
}
