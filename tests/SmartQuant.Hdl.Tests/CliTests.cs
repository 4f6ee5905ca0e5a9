using System.Text.RegularExpressions;
using CliWrap;
using CliWrap.Buffered;

namespace SmartQuant.Hdl.Tests;

/// <summary>The `smartquant` command line as a user meets it: exit codes, one-line errors, no partial output.</summary>
public class CliTests
{
    private static BufferedCommandResult Cli(params string[] args) =>
        CliWrap.Cli.Wrap("dotnet").WithArguments([Path.Combine(AppContext.BaseDirectory, "smartquant.dll"), .. args])
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync().GetAwaiter().GetResult();

    private static void OneLineError(BufferedCommandResult r, string expected)
    {
        Assert.Equal(2, r.ExitCode);
        var lines = r.StandardError.TrimEnd().Split('\n');
        Assert.Single(lines);
        Assert.Contains(expected, lines[0]);
        Assert.DoesNotContain("   at ", r.StandardError);
    }

    [Fact]
    public void GenTwiceGivesByteIdenticalFiles()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        Assert.Equal(0, Cli("gen", "--design", "mac-array", "--out", a.Path).ExitCode);
        Assert.Equal(0, Cli("gen", "--design", "mac-array", "--out", b.Path).ExitCode);
        var names = Directory.GetFiles(a.Path).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["files.f", "mac_array.v", "mac_pe.v"], names);
        foreach (var n in names) Assert.Equal(File.ReadAllBytes(Path.Combine(a.Path, n!)), File.ReadAllBytes(Path.Combine(b.Path, n!)));
    }

    [Fact]
    public void UnknownDesignIsOneLineAndWritesNothing()
    {
        using var dir = new TempDir();
        var outDir = Path.Combine(dir.Path, "out");
        OneLineError(Cli("gen", "--design", "nope", "--out", outDir), "unknown design 'nope' (built-in designs: fifo, ");
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void InvalidConfigNamesTheField()
    {
        using var dir = new TempDir();
        var cfg = Path.Combine(dir.Path, "c.json");
        File.WriteAllText(cfg, "{ \"rows\": 0 }");
        OneLineError(Cli("gen", "--design", "mac-array", "--config", cfg, "--out", Path.Combine(dir.Path, "o")), $"{cfg}:1: rows: must be in 1..256 (got 0)");
        File.WriteAllText(cfg, "{ \"rowz\": 4 }");
        var r = Cli("gen", "--design", "mac-array", "--config", cfg, "--out", Path.Combine(dir.Path, "o"));
        OneLineError(r, $"{cfg}: unknown field 'rowz' (fields: rows, cols, operandWidth, accumulatorWidth, counters)");
        Assert.DoesNotContain("Config", r.StandardError);   // no .NET type names in a user error
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "o")));
    }

    [Fact]
    public void ConfigFileChangesTheDesign()
    {
        using var dir = new TempDir();
        var cfg = Path.Combine(dir.Path, "c.json");
        File.WriteAllText(cfg, "{ \"rows\": 2, \"cols\": 3 }");
        Assert.Equal(0, Cli("gen", "--design", "mac-array", "--config", cfg, "--out", dir.Path).ExitCode);
        var top = File.ReadAllText(Path.Combine(dir.Path, "mac_array.v"));
        Assert.Contains("psum_out_2", top);
        Assert.DoesNotContain("psum_out_3", top);
    }

    [Fact]
    public void ConfigFieldsMaySpellTheCSharpMemberName()
    {
        using var dir = new TempDir();
        var (camel, pascal) = (Path.Combine(dir.Path, "a.json"), Path.Combine(dir.Path, "b.json"));
        File.WriteAllText(camel, "{ \"rows\": 2, \"cols\": 3 }");
        File.WriteAllText(pascal, "{ \"Rows\": 2, \"Cols\": 3 }");
        var (a, b) = (Path.Combine(dir.Path, "a"), Path.Combine(dir.Path, "b"));
        Assert.Equal(0, Cli("gen", "--design", "mac-array", "--config", camel, "--out", a).ExitCode);
        Assert.Equal(0, Cli("gen", "--design", "mac-array", "--config", pascal, "--out", b).ExitCode);
        Assert.Equal(File.ReadAllBytes(Path.Combine(a, "mac_array.v")), File.ReadAllBytes(Path.Combine(b, "mac_array.v")));
    }

    [Fact]
    public void DesignFileErrorsAreOneLineWithFileAndLine()
    {
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "Bad.cs");
        File.WriteAllText(file, "using SmartQuant.Hdl;\npublic sealed class Bad : Module\n{\n    public readonly Signal Y;\n    public Bad() { Y = Out(4); Y.Assign(Logic.Lit(1, 5)); }\n}\n");
        OneLineError(Cli("gen", "--design-file", file, "--out", Path.Combine(dir.Path, "o")), "Bad.cs:5: width mismatch assigning 'y'");
    }

    [Fact]
    public void MissingRequiredOptionIsAUserError()
    {
        OneLineError(Cli("gen", "--design", "fifo"), "--out");
    }

    [Theory]
    [InlineData("designs")]
    [InlineData("gen")]
    [InlineData("lint")]
    [InlineData("synth")]
    [InlineData("pnr")]
    [InlineData("run")]
    public void EveryCommandHasHelp(string command)
    {
        var r = Cli(command, "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Usage:", r.StandardOutput);
    }

    [Fact]
    public void DesignsListsParametersWithDefaults()
    {
        var r = Cli("designs");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("mac-array", r.StandardOutput);
        Assert.Contains("rows = 4", r.StandardOutput);
        Assert.Contains("depth = 16", r.StandardOutput);
    }

    [Fact]
    public void LintPassesOnTheFifo()
    {
        var r = Cli("lint", "--design", "fifo");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("PASS verilator -Wall (fifo, top fifo)", r.StandardOutput);
        Assert.Contains("PASS yosys strict (fifo, top fifo)", r.StandardOutput);
    }

    [Fact]
    public void SynthReportsCellsAndFlipFlops()
    {
        var r = Cli("synth", "--design", "fifo");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("flip-flops", r.StandardOutput);
        // two 5-bit pointers at least
        var row = r.StandardOutput.Split('\n').First(l => l.Contains("fifo (whole design)"));
        var numbers = row.Split('│', StringSplitOptions.TrimEntries).Where(c => long.TryParse(c, out _)).Select(long.Parse).ToList();
        Assert.True(numbers[1] >= 10, row);
        Assert.True(numbers[0] > numbers[1], row);
    }

    [Fact]
    public void FpgaTargetPartAndModuleErrorsAreOneLine()
    {
        OneLineError(Cli("synth", "--design", "fifo", "--target", "virtex2"), "unknown FPGA target 'virtex2'");
        OneLineError(Cli("synth", "--design", "fifo", "--target", "ice40", "--module", "nope"), "design 'fifo' has no module 'nope' (modules: fifo)");
        OneLineError(Cli("pnr", "--design", "fifo", "--part", "xc7a35t"), "unknown iCE40 part 'xc7a35t'");
        OneLineError(Cli("pnr", "--design", "fifo", "--freq", "0"), "--freq must be in (0, 1000] MHz");
    }

    [Fact]
    public void SynthReportsTheLongestPathDeterministically()
    {
        var r = Cli("synth", "--design", "fifo");
        Assert.Equal(0, r.ExitCode);
        var depth = Regex.Match(r.StandardOutput, @"longest combinational path: (\d+) gate levels \(yosys generic cells");
        Assert.True(depth.Success, r.StandardOutput);
        Assert.True(int.Parse(depth.Groups[1].Value) > 1, depth.Value);
        Assert.Matches(@"\n  from \S+ \((register|input port)\)", r.StandardOutput);
        Assert.Matches(@"\n  to   \S+ \((register, \w+|output port)", r.StandardOutput);
        Assert.Equal(r.StandardOutput, Cli("synth", "--design", "fifo").StandardOutput);
    }

    [Fact]
    public void QuantizeRejectsAnOutlierMeanShareOutsideZeroToOne()
        => OneLineError(Cli("quantize", "--ablation", "--act-outlier-mean", "1.5"), "--act-outlier-mean must lie in [0, 1], got 1.5");
}
