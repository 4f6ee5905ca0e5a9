using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using SmartQuant.DesignFile;
using SmartQuant.Analyzers;
using SmartQuant.Emit;
using SmartQuant.Eda;
using SmartQuant.Hdl.Ir;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Hdl.Tests;

/// <summary>
/// Declarations held in C# locals are named after the local (LocalNamesGenerator + Naming), both in hw/ (built with
/// the generator as an analyzer) and in design files compiled at run time.
/// </summary>
public partial class LocalNameTests
{
    private static string Repo(string relative)
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "SmartQuant.sln"))) dir = Path.GetDirectoryName(dir)!;
        return Path.Combine(dir, relative);
    }

    private static string FixtureText => File.ReadAllText(Repo("tests/SmartQuant.Hdl.Tests/DesignFiles/LocalNames.cs.txt"));

    private static IrDesign ElaborateFixture(TempDir dir, string text, string top = "LocalNames")
    {
        var path = Path.Combine(dir.Path, "LocalNames.cs");
        File.WriteAllText(path, text);
        return DesignFileCompiler.Elaborate(path, top);
    }

    /// <summary>Names of everything declared on a line, in declaration order.</summary>
    private static List<string> NamesAt(IrModule m, int line) =>
        m.Signals.Select(s => (s.Name, s.Location)).Concat(m.Ports.Select(s => (s.Name, s.Location)))
            .Concat(m.Memories.Select(x => (x.Name, x.Location)))
            .Concat(m.Instances.Select(i => (i.Name, i.Location)))
            .Where(x => x.Location.Line == line && x.Location.FilePath.EndsWith("LocalNames.cs", StringComparison.Ordinal))
            .Select(x => x.Name).Distinct().Order(StringComparer.Ordinal).ToList();

    [GeneratedRegex(@"// name: (.*)$")]
    private static partial Regex Expectation();

    [Fact]
    public void DesignFileLocalsNameTheirRegisters()
    {
        using var dir = new TempDir();
        var ir = ElaborateFixture(dir, FixtureText);
        var lines = FixtureText.Split('\n');
        var top = ir.Top;
        var child = ir.Modules.Single(m => m.ClassName == "Accumulate");
        var checkedLines = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var match = Expectation().Match(lines[i].TrimEnd('\r'));
            if (!match.Success) continue;
            var line = i + 1;
            var expected = match.Groups[1].Value.Trim().Split(' ').Select(n => n.Replace("@", line.ToString())).Order(StringComparer.Ordinal).ToList();
            var module = lines[i].Contains("accSum") ? child : top;
            Assert.True(expected.SequenceEqual(NamesAt(module, line)), $"line {line}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", NamesAt(module, line))}]");
            checkedLines++;
        }
        Assert.Equal(15, checkedLines);
        // The port keeps its name; the local that would collide with it moved aside.
        Assert.Contains(top.Ports, p => p.Name == "sum");

        OutputWriter.WriteAll(dir.Path, VerilogEmitter.Emit(ir));
        Assert.All(LintGate.Run(dir.Path, ir.Top.Name), g => Assert.True(g.Passed, g.Output));
    }

    [Fact]
    public void AnEditAboveKeepsLocalNames()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        var before = ElaborateFixture(a, FixtureText);
        var after = ElaborateFixture(b, "// an edit\n\n\n" + FixtureText);
        static IEnumerable<string> Names(IrModule m) => m.Signals.Select(s => s.Name).Concat(m.Memories.Select(x => x.Name)).Concat(m.Instances.Select(i => i.Name));
        var shifted = Names(after.Top).Select(n => Regex.Replace(n, @"^reg_l(\d+)", x => $"reg_l{int.Parse(x.Groups[1].Value) - 3}")).ToList();
        Assert.Equal(Names(before.Top), shifted);
        Assert.Contains("foo_bar", shifted);
        Assert.Contains(Names(before.Top), n => n.StartsWith("reg_l", StringComparison.Ordinal)); // the fallback really moved
        Assert.NotEqual(Names(before.Top), Names(after.Top));
    }

    [Fact]
    public void EmissionIsByteDeterministic()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        var first = VerilogEmitter.Emit(ElaborateFixture(a, FixtureText));
        var second = VerilogEmitter.Emit(ElaborateFixture(b, FixtureText));
        Assert.Equal(first, second);
        Assert.Contains(first, f => f.Content.Contains("reg [3:0] foo_bar;"));
    }

    /// <summary>hw/ is built with the generator: its table is there and every recorded line names its registers.</summary>
    [Fact]
    public void HardwareProjectNamesLocalsAtBuildTime()
    {
        var table = typeof(MultiPrecisionPe).Assembly.GetCustomAttributes<LocalNameAttribute>().ToList();
        Assert.NotEmpty(table);
        Assert.Equal(table.OrderBy(t => t.File, StringComparer.Ordinal).ThenBy(t => t.Line).Select(t => (t.File, t.Line)), table.Select(t => (t.File, t.Line)));
        var recorded = table.ToDictionary(t => (t.File, t.Line), t => t.Names);

        var ir = Elaborator.Elaborate(new MicroScopiQTop(new MicroScopiQConfig()));
        var named = 0;
        foreach (var m in ir.Modules)
            foreach (var s in m.Signals.Concat(m.Ports).Where(s => recorded.ContainsKey((s.Location.FilePath, s.Location.Line))))
            {
                Assert.DoesNotMatch(@"_l\d+", s.Name);
                named++;
            }
        Assert.True(named > 10, $"only {named} signals on recorded lines");
        var pe = ir.Modules.Single(m => m.ClassName == nameof(MultiPrecisionPe));
        Assert.Contains(pe.Signals, s => s.Name == "w0");
    }
}
