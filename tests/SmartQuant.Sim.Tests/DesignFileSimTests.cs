using CliWrap;
using CliWrap.Buffered;

namespace SmartQuant.Sim.Tests;

/// <summary>
/// `smartquant sim --design-file F.cs`: the example's module, golden model and driver compiled at run time and
/// co-simulated; a user's mistake in the file is one line naming the file and line (exit 2), a wrong golden model a
/// first-divergence report whose replay line runs the same file.
/// </summary>
public class DesignFileSimTests
{
    private static string Repo(string relative) => Path.Combine(RepoPaths.Root, relative);

    private static BufferedCommandResult Cli(string workingDirectory, params string[] args) =>
        CliWrap.Cli.Wrap("dotnet").WithArguments([Path.Combine(AppContext.BaseDirectory, "smartquant.dll"), .. args])
            .WithWorkingDirectory(workingDirectory)
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync().GetAwaiter().GetResult();

    /// <summary>The example copied into a scratch directory with one edit; returns the directory.</summary>
    private static string Edited(string from, string to)
    {
        var text = File.ReadAllText(Repo("examples/SaturatingCounter.cs"));
        Assert.Contains(from, text);
        var dir = Directory.CreateTempSubdirectory("sq-dfsim-").FullName;
        File.WriteAllText(Path.Combine(dir, "SaturatingCounter.cs"), text.Replace(from, to));
        return dir;
    }

    private static int LineOf(string dir, string text) =>
        Array.FindIndex(File.ReadAllLines(Path.Combine(dir, "SaturatingCounter.cs")), l => l.Contains(text)) + 1;

    private static void OneLineError(BufferedCommandResult r, string expected)
    {
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}\n{r.StandardOutput}\n{r.StandardError}");
        var lines = r.StandardError.TrimEnd().Split('\n');
        Assert.Single(lines);
        Assert.Contains(expected, lines[0]);
        Assert.DoesNotContain("   at ", r.StandardError);
    }

    [Fact]
    public void The_example_file_co_simulates_and_passes()
    {
        var r = Cli(Repo(""), "sim", "--design-file", "examples/SaturatingCounter.cs", "--cycles", "5000", "--seed", "2");
        Assert.True(r.ExitCode == 0, r.StandardOutput + r.StandardError);
        Assert.Equal("PASS design=saturating-counter test=random cycles=5000 seed=2", r.StandardOutput.TrimEnd().Split('\n')[^1]);
    }

    [Fact]
    public void A_renamed_port_field_is_a_compile_error_at_the_users_line()
    {
        var dir = Edited("_value = map[counter.Value]", "_value = map[counter.Valu]");
        try
        {
            var r = Cli(dir, "sim", "--design-file", "SaturatingCounter.cs", "--cycles", "100");
            OneLineError(r, $"SaturatingCounter.cs:{LineOf(dir, "counter.Valu]")}:");
            Assert.Contains("error CS1061: 'SaturatingCounter' does not contain a definition for 'Valu'", r.StandardError);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    // Extended tier (make regress): a second compile and Verilator run of the example; the default tier keeps the
    // example's passing run and the compile error.
    [Fact]
    [Trait("Tier", "extended")]
    public void An_exception_in_the_users_driver_is_one_line_at_its_line()
    {
        var dir = Edited("if (cycle % 100 == 0) _upPercent", "if (cycle == 777) throw new InvalidOperationException(\"planted\");\n        if (cycle % 100 == 0) _upPercent");
        try
        {
            var r = Cli(dir, "sim", "--design-file", "SaturatingCounter.cs", "--cycles", "2000");
            OneLineError(r, $"SaturatingCounter.cs:{LineOf(dir, "planted")}: InvalidOperationException: planted");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    [Trait("Tier", "extended")]
    public void A_wrong_golden_model_gives_the_report_and_a_replay_line_for_the_file()
    {
        var dir = Edited("if (up && !down && _count < _max) _count++;", "if (up && !down && _count < _max - 1) _count++;");
        try
        {
            var r = Cli(dir, "sim", "--design-file", "SaturatingCounter.cs", "--cycles", "5000", "--seed", "4", "--waves", Path.Combine(dir, "w"));
            Assert.True(r.ExitCode == 1, r.StandardOutput + r.StandardError);
            var out_ = r.StandardOutput;
            Assert.Matches(@"first divergence: design=saturating-counter test=random seed=4 cycle=\d+ port=(value|at_max)", out_);
            Assert.Contains("replay: smartquant sim --design-file SaturatingCounter.cs --seed 4 --cycles ", out_);
            Assert.StartsWith("FAIL design=saturating-counter test=random cycles=", out_.TrimEnd().Split('\n')[^1]);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void A_file_without_a_testbench_says_what_to_add()
    {
        var dir = Directory.CreateTempSubdirectory("sq-dfsim-").FullName;
        try
        {
            var path = Path.Combine(dir, "OnlyModule.cs");
            File.WriteAllText(path, "public sealed class OnlyModule : Module { public readonly Signal A = null!; public OnlyModule() { A = In(); } }\n");
            var e = Assert.Throws<Hdl.HdlException>(() => DesignFileTestbench.Load(path));
            Assert.Contains("no testbench: add a class deriving from Testbench<YourModule>", e.Message);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Design_and_design_file_together_is_one_clear_error()
    {
        var r = Cli(Repo(""), "sim", "--design", "fifo", "--design-file", "examples/SaturatingCounter.cs");
        OneLineError(r, "give either --design or --design-file, not both");
    }
}
