using SmartQuant.Hw.Cxl;
using SmartQuant.Hw.MacArray;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Hdl.Tests;

/// <summary>
/// Configs are checked once, where they are loaded, and a bad file is one message in the file's own terms (its field
/// spelling, its line), never a .NET type or member name.
/// </summary>
public class ConfigLoadTests
{
    private static string LoadError<T>(string json) where T : DesignConfig =>
        Assert.Throws<ConfigException>(() => DesignConfig.FromJson<T>(json, "c.json")).Message;

    [Fact]
    public void EveryKindOfBadFileIsNamedInTheFilesTerms()
    {
        Assert.Equal("c.json: unknown field 'rowz' (fields: rows, cols, operandWidth, accumulatorWidth, counters)", LoadError<MacArrayConfig>("{ \"rowz\": 4 }"));
        Assert.Equal("c.json:3: field 'cols': expected an integer", LoadError<MacArrayConfig>("{\n  \"rows\": 2,\n  \"cols\": \"four\"\n}"));
        Assert.Equal("c.json:1: field 'reconRowGroups': expected true or false", LoadError<MicroScopiQConfig>("{ \"reconRowGroups\": 1 }"));
        Assert.StartsWith("c.json:2: invalid JSON (", LoadError<MacArrayConfig>("{ \"rows\": 2,\n }"));
        Assert.Equal("c.json: expected a JSON object of fields (rows, cols, operandWidth, accumulatorWidth, counters)", LoadError<MacArrayConfig>("[1, 2]"));
        Assert.Equal("c.json: accumulatorWidth: must be in 16..64 so a product fits (got 8)", LoadError<MacArrayConfig>("{ \"AccumulatorWidth\": 8 }"));
        Assert.Equal("c.json: regions: must be a power of two in 2..16 (got 3)", LoadError<CxlStoreConfig>("{ \"regions\": 3 }"));
    }

    [Fact]
    public void RangeHelpersKeepTheFieldNameAndRule()
    {
        // Built in code (no file): the C# member is named, as a design-file author writes it.
        var e = Assert.Throws<ConfigException>(() => new MicroScopiQConfig { Cols = 12 }.Validate());
        Assert.Equal("MicroScopiQConfig.Cols: must be a power of two in 4..256 (got 12)", e.Message);
        Assert.Equal("Cols", e.Field);
        e = Assert.Throws<ConfigException>(() => new MacArrayConfig { Rows = 300 }.Validate());
        Assert.Equal("MacArrayConfig.Rows: must be in 1..256 (got 300)", e.Message);
    }

    [Fact]
    public void AnInstanceIsCheckedOnceAndACopyAgain()
    {
        var ok = new MacArrayConfig { Rows = 2 };
        ok.Validate();
        ok.Validate();   // the second call is a lookup
        var bad = ok with { Rows = 0 };   // `with` makes a new, unchecked instance: it must not inherit the mark
        Assert.Throws<ConfigException>(bad.Validate);
        Assert.Equal(ok, ok with { });   // checking leaves the record's value equality alone
    }
}
