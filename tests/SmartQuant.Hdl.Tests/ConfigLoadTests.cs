using System.Runtime.CompilerServices;
using SmartQuant.Hw.Cxl;
using SmartQuant.Hw.MacArray;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Hdl.Tests;

/// <summary>
/// A config is checked once, in its constructor, and a broken rule is one message in the user's terms — the
/// parameter as they wrote it and where (the file's line, or the C# file and line that built it) — never a .NET type
/// or member name.
/// </summary>
public class ConfigLoadTests
{
    private static string LoadError<T>(string json) where T : DesignConfig =>
        Assert.Throws<ConfigException>(() => DesignConfig.FromJson<T>(json, "c.json")).Message;

    private static int Here([CallerLineNumber] int line = 0) => line;

    [Fact]
    public void EveryKindOfBadFileIsNamedInTheFilesTerms()
    {
        Assert.Equal("c.json: unknown field 'rowz' (fields: rows, cols, operandWidth, accumulatorWidth, counters)", LoadError<MacArrayConfig>("{ \"rowz\": 4 }"));
        Assert.Equal("c.json:3: field 'cols': expected an integer", LoadError<MacArrayConfig>("{\n  \"rows\": 2,\n  \"cols\": \"four\"\n}"));
        Assert.Equal("c.json:1: field 'reconRowGroups': expected true or false", LoadError<MicroScopiQConfig>("{ \"reconRowGroups\": 1 }"));
        Assert.StartsWith("c.json:2: invalid JSON (", LoadError<MacArrayConfig>("{ \"rows\": 2,\n }"));
        Assert.Equal("c.json: expected a JSON object of fields (rows, cols, operandWidth, accumulatorWidth, counters)", LoadError<MacArrayConfig>("[1, 2]"));
        Assert.Equal("c.json:1: accumulatorWidth: must be in 16..64 so a product fits (got 8)", LoadError<MacArrayConfig>("{ \"AccumulatorWidth\": 8 }"));
        Assert.Equal("c.json:1: regions: must be a power of two in 2..16 (got 3)", LoadError<CxlStoreConfig>("{ \"regions\": 3 }"));
        // the line of the offending field's key
        Assert.Equal("c.json:3: cols: must be in 1..256 (got 0)", LoadError<MacArrayConfig>("{\n  \"rows\": 2,\n  \"cols\": 0\n}"));
        // a rule between fields broken by a field the file leaves at its default: that field, without a line
        Assert.Equal("c.json: accumulatorWidth: must be in 40..64 so a product fits (got 32)", LoadError<MacArrayConfig>("{\n  \"operandWidth\": 20\n}"));
    }

    [Fact]
    public void A_config_built_in_code_names_the_parameter_and_the_callers_line()
    {
        var (e, line) = (Assert.Throws<ConfigException>(() => new MicroScopiQConfig(cols: 12)), Here());
        Assert.EndsWith($"{nameof(ConfigLoadTests)}.cs:{line}: cols: must be a power of two in 4..256 (got 12)", e.Message);
        Assert.Equal("Cols", e.Field);
        (e, line) = (Assert.Throws<ConfigException>(() => new MacArrayConfig(rows: 300)), Here());
        Assert.EndsWith($"{nameof(ConfigLoadTests)}.cs:{line}: rows: must be in 1..256 (got 300)", e.Message);
        Assert.DoesNotContain("MacArrayConfig", e.Message);
    }

    [Fact]
    public void Rules_run_once_per_instance_when_it_is_made_and_never_again()
    {
        CountingConfig.Checks = 0;
        var c = new CountingConfig(size: 3);
        Assert.Equal(1, CountingConfig.Checks);
        _ = c.ToJson();
        _ = c.Hash();
        Assert.Equal(1, CountingConfig.Checks);   // the file form and the hash need no check: the instance is valid
        var back = DesignConfig.FromJson<CountingConfig>(c.ToJson(), "c.json");
        Assert.Equal(2, CountingConfig.Checks);   // a load is a construction: checked once
        Assert.Equal(c, back);
        Assert.Throws<ConfigException>(() => new CountingConfig(size: 0));
        Assert.Throws<ConfigException>(() => DesignConfig.FromJson<CountingConfig>("{ \"size\": 0 }", "c.json"));
    }

    /// <summary>A config of this test's own, counting how often its rules run.</summary>
    public sealed record CountingConfig : DesignConfig
    {
        public static int Checks;

        public CountingConfig(int size = 1, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
        {
            Size = size;
            CheckAt(file, line);
        }

        public int Size { get; }

        protected override void Check()
        {
            Checks++;
            RequireRange(Size, 1, 8);
        }
    }
}
