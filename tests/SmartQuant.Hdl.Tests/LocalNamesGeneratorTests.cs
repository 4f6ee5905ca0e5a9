using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using SmartQuant.Analyzers;
using SmartQuant.Hdl.Ir;

namespace SmartQuant.Hdl.Tests;

/// <summary>The rules of LocalNamesGenerator: which lines it records, and that its keys equal CallerFilePath/CallerLineNumber.</summary>
public class LocalNamesGeneratorTests
{
    private static readonly MetadataReference[] References =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
        .Append(typeof(Module).Assembly.Location).Distinct().Where(File.Exists)
        .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();

    private const string Usings = "using System; using System.Collections.Generic; using System.Runtime.CompilerServices; using SmartQuant.Hdl;\n";

    private static CSharpCompilation Run(string body, string path, CSharpCompilationOptions? options = null)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var tree = CSharpSyntaxTree.ParseText(SourceText.From(Usings + body, Encoding.UTF8), parse, path);
        var compilation = CSharpCompilation.Create("probe_" + Guid.NewGuid().ToString("N"), [tree], References,
            options ?? new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        CSharpGeneratorDriver.Create([new LocalNamesGenerator().AsSourceGenerator()], parseOptions: parse)
            .RunGeneratorsAndUpdateCompilation(compilation, out var updated, out var diagnostics);
        Assert.Empty(diagnostics);
        Assert.Empty(updated.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return (CSharpCompilation)updated;
    }

    /// <summary>The generated attribute lines ("line: names"), for a module body written in the test.</summary>
    private static List<string> Recorded(string constructorBody, string members = "")
    {
        var c = Run($"public sealed class M : Module {{ public M() {{\n{constructorBody}\n}}\n{members} }}", "/src/M.cs");
        var generated = c.SyntaxTrees.Skip(1).SingleOrDefault()?.ToString() ?? "";
        return generated.Split('\n').Where(l => l.StartsWith("[assembly:", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf("\"/src/M.cs\", ", StringComparison.Ordinal) + 13)..^2]).ToList();
    }

    [Fact]
    public void RecordsLocalsByTheLineOfTheArgumentList()
    {
        // Line 1 is the usings, line 2 the class header: the body starts on line 3.
        Assert.Equal(["3, \"a\"", "4, \"b\", \"c\"", "7, \"d\""], Recorded("var a = Reg(4);\nvar b = Wire(2); var c = Mem(4, 2);\nvar d = this\n  .Reg\n  (4);"));
    }

    [Fact]
    public void SkipsLinesWhereALocalCannotBeToldApart()
    {
        // A declaration not held by a local; a conditional one; statements that do not always run together;
        // a helper outside the kit with [CallerLineNumber] (it might declare at this line).
        Assert.Empty(Recorded("var a = Reg(4); var l = new List<Signal> { Reg(4) };"));
        Assert.Empty(Recorded("var b = true ? Reg(4) : Reg(2);"));
        Assert.Empty(Recorded("var c = Reg(4); if (Width > 1) return; var d = Reg(4);", "static int Width => 2;"));
        Assert.Empty(Recorded("var e = Reg(4); var f = Helper();", "Signal Helper([CallerLineNumber] int line = 0) => Reg(1);"));
        Assert.Equal(["3, \"en\""], Recorded("var en = In(1);\nWhen(en, () => { var g = Reg(4); }).Otherwise(() => { var h = Reg(4); });"));
        // The kit's own located calls (Assign, When…) declare nothing and do not get in the way.
        Assert.Equal(["3, \"i\""], Recorded("var i = Reg(4); i.Assign(i);"));
    }

    [Fact]
    public void NamedChainsAndInitializerElements()
    {
        Assert.Equal(["3, \"x\", \"y\"", "4, \"arr_0\", \"arr_1\"", "5, \"col_0\", \"col_2\""],
            Recorded("var x = Reg(4).Named(\"ex\"); var y = Reg(1);\nvar arr = new Signal[] { Reg(1), Reg(2) };\nSignal[] col = [Reg(1), x, Reg(2)];"));
        Assert.Empty(Recorded("Signal[] s = [Reg(1), .. new[] { Reg(1) }];"));
    }

    /// <summary>
    /// The key must be what CallerFilePath reports even under /pathmap and #line: compile, load and elaborate such a
    /// module and see its registers take the locals' names.
    /// </summary>
    [Fact]
    public void KeysMatchCallerInfoUnderPathMapAndLineDirectives()
    {
        var resolver = new SourceFileResolver(ImmutableArray<string>.Empty, null, [new KeyValuePair<string, string>("/build/src/", "/_/")]);
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
            .WithSourceReferenceResolver(resolver);
        var c = Run("""
            public sealed class P : Module
            {
                public Signal Q { get; }
                public P()
                {
                    Q = Out(4);
                    var first = Reg(4);
            #line 200 "/build/src/Other.cs"
                    var second = Reg(4);
            #line default
                    var third = Reg(4);
                    first.Assign(second); second.Assign(third); third.Assign(first); Q.Assign(first);
                }
            }
            """, "/build/src/P.cs", options);
        var generated = c.SyntaxTrees.Skip(1).Single().ToString();
        Assert.Contains("\"/_/P.cs\", 8, \"first\"", generated);
        Assert.Contains("\"/_/Other.cs\", 200, \"second\"", generated);

        using var pe = new MemoryStream();
        Assert.True(c.Emit(pe).Success);
        var context = new AssemblyLoadContext("local-names-probe", isCollectible: true);
        try
        {
            pe.Position = 0;
            var type = context.LoadFromStream(pe).GetType("P")!;
            var ir = Elaborator.Elaborate((Module)Activator.CreateInstance(type)!);
            Assert.Equal(["first", "second", "third"], ir.Top.Signals.Where(s => s.Kind == SignalKind.Reg).Select(s => s.Name).Order());
            Assert.Contains(ir.Top.Signals, s => s.Name == "second" && s.Location == new SourceLocation("/_/Other.cs", 200));
        }
        finally { context.Unload(); }
    }
}
