using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SmartQuant.Analyzers;

namespace SmartQuant.Hdl.Tests;

/// <summary>The hardware analyzers on small compilations: each rule fires where it should and stays quiet otherwise.</summary>
public class AnalyzerTests
{
    private static ImmutableArray<Diagnostic> Analyze(string body)
    {
        var source = "using SmartQuant.Hdl;\nusing System.Collections.Generic;\n" + body;
        var refs = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(Module).Assembly.Location).Distinct().Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("t", [CSharpSyntaxTree.ParseText(source)], refs,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new UnnamedSignalInLoopAnalyzer(), new ModuleNeverInstantiatedAnalyzer(), new NamedRepeatsLocalAnalyzer());
        return compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
    }

    [Fact]
    public void SignalInLoopHeldByALocalIsReported()
    {
        var d = Analyze("""
            class M : Module {
                public M() {
                    var y = Out(4);
                    for (var i = 0; i < 3; i++) {
                        var t = Wire(4);
                        t.Assign(Logic.Lit(i, 4));
                    }
                    y.Assign(Logic.Lit(0, 4));
                }
            }
            """);
        var diag = Assert.Single(d);
        Assert.Equal("SQ001", diag.Id);
        Assert.Equal(6, diag.Location.GetLineSpan().StartLinePosition.Line); // "var t = Wire(4)" (0-based, after the 2 using lines)
        Assert.Contains("'t' is created in a loop", diag.GetMessage());
    }

    [Fact]
    public void NamedOrStoredSignalsInLoopsAreFine()
    {
        var d = Analyze("""
            class M : Module {
                public Signal[] Lanes = new Signal[3];
                public M() {
                    var list = new List<Signal>();
                    for (var i = 0; i < 3; i++) {
                        var a = Wire(4).Named($"a_{i}");
                        var b = Wire(4);
                        b.Named($"b_{i}");
                        Lanes[i] = Wire(4);
                        var c = Wire(4);
                        list.Add(c);
                        a.Assign(Logic.Lit(i, 4)); b.Assign(a); Lanes[i].Assign(b); c.Assign(b);
                    }
                }
            }
            """);
        Assert.Empty(d);
    }

    [Fact]
    public void ModuleBuiltButNotInstantiatedIsReported()
    {
        var d = Analyze("""
            class Child : Module { public Child(int w) { var o = Out(w); o.Assign(Logic.Lit(0, w)); } }
            class Parent : Module {
                public Parent() {
                    var used = new Child(2);
                    Instance(used, "used");
                    Instance(new Child(3), "direct");
                    var forgotten = new Child(4);
                }
            }
            """);
        var diag = Assert.Single(d);
        Assert.Equal("SQ002", diag.Id);
        Assert.Contains("'Child' is constructed here but never passed to Instance(...)", diag.GetMessage());
        Assert.Equal(7, diag.Location.GetLineSpan().StartLinePosition.Line - 1); // "var forgotten" (after the 2 using lines)
    }

    [Fact]
    public void BuildingATopOutsideAModuleIsNotReported()
    {
        var d = Analyze("""
            class Top : Module { public Top() { var o = Out(1); o.Assign(Logic.Lit(1, 1)); } }
            static class Factory { public static Module Make() => new Top(); }
            """);
        Assert.Empty(d);
    }

    [Fact]
    public void NamedThatRepeatsTheLocalsNameIsReported()
    {
        var d = Analyze("""
            class M : Module {
                public M() {
                    var busyQ = Reg(1).Named("busy_q");
                    var o = Out(1);
                    o.Assign(busyQ);
                }
            }
            """);
        var diag = Assert.Single(d);
        Assert.Equal("SQ003", diag.Id);
        Assert.Equal(4, diag.Location.GetLineSpan().StartLinePosition.Line); // "var busyQ" (0-based, after the 2 using lines)
        Assert.Contains("'busyQ' already takes this name", diag.GetMessage());
    }

    [Fact]
    public void NamedThatLocalNamingCouldNotGiveIsFine()
    {
        // A different name; a name in a loop (SQ001 asks for one there); a line whose other declaration is not held by a
        // local (dropping Named would leave the line out of the local-names table); an interpolated name.
        var d = Analyze("""
            class M : Module {
                public Signal Kept;
                public M() {
                    var x = Reg(4).Named("x_shifted");
                    for (var i = 0; i < 2; i++) { var t = Wire(4).Named("t"); t.Assign(x); }
                    var v = Reg(1).Named("v"); Kept = Wire(1);
                    var w = Wire(4).Named($"w");
                    x.Assign(w); v.Assign(Kept); Kept.Assign(v); w.Assign(x);
                }
            }
            """);
        Assert.Empty(d);
    }
}
