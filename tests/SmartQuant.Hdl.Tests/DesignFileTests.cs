using SmartQuant.DesignFile;
using SmartQuant.Emit;
using SmartQuant.Eda;
using SmartQuant.Hdl;

namespace SmartQuant.Hdl.Tests;

/// <summary>`gen --design-file`: Roslyn compiles a user's file; errors point into that file.</summary>
public class DesignFileTests
{
    internal static string Repo(string relative)
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "SmartQuant.sln"))) dir = Path.GetDirectoryName(dir)!;
        return Path.Combine(dir, relative);
    }

    /// <summary>Copies a fixture to a real .cs path so the reported file name is the user's.</summary>
    private static string Fixture(string name, TempDir dir)
    {
        var path = Path.Combine(dir.Path, name.Replace(".cs.txt", ".cs"));
        File.Copy(Repo($"tests/SmartQuant.Hdl.Tests/DesignFiles/{name}"), path);
        return path;
    }

    [Fact]
    public void ExampleFileElaboratesAndPassesLint()
    {
        var ir = DesignFileCompiler.Elaborate(Repo("examples/SaturatingCounter.cs"));
        Assert.Equal("saturating_counter", ir.Top.Name);
        Assert.Contains(ir.Top.Ports, p => p.Name == "at_max");
        using var dir = new TempDir();
        OutputWriter.WriteAll(dir.Path, VerilogEmitter.Emit(ir));
        Assert.Contains("// SaturatingCounter.cs:", File.ReadAllText(Path.Combine(dir.Path, "saturating_counter.v")));
        Assert.All(LintGate.Run(dir.Path, ir.Top.Name), g => Assert.True(g.Passed, g.Output));
    }

    [Fact]
    public void CompileErrorNamesFileLineAndColumn()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<HdlException>(() => DesignFileCompiler.Elaborate(Fixture("CompileError.cs.txt", dir)));
        Assert.Matches(@"CompileError\.cs:8:18: error CS1002: ; expected", e.Message);
    }

    [Fact]
    public void ElaborationErrorNamesTheUsersLine()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<ElaborationException>(() => DesignFileCompiler.Elaborate(Fixture("WidthError.cs.txt", dir)));
        Assert.Equal("WidthError.cs", Path.GetFileName(e.Location.FilePath));
        Assert.Equal(11, e.Location.Line);
        Assert.Contains("width mismatch assigning 'y'", e.Message);
    }

    [Fact]
    public void MissingFileIsAClearError()
    {
        var e = Assert.Throws<HdlException>(() => DesignFileCompiler.Elaborate("/nonexistent/Design.cs"));
        Assert.Equal("design file '/nonexistent/Design.cs' not found", e.Message);
    }
}
