using System.Xml.Linq;

namespace SmartQuant.Sim.Tests;

/// <summary>
/// The co-simulation engine knows no design: neither its project graph nor its compiled assembly reaches the hardware
/// classes (hw/) or the golden models (src/SmartQuant.Models). Built-in designs come in through SmartQuant.Sim.
/// Reference and implementation stay apart: the golden models and the hardware classes both depend on the spec
/// assembly (configs, opcodes, register maps, counter lists), never on each other.
/// </summary>
public class EngineLayeringTests
{
    private static string Repo(string relative) => Path.GetFullPath(Path.Combine(RepoPaths.Root, relative));

    /// <summary>Every project reachable from <paramref name="project"/> through ProjectReference items.</summary>
    private static HashSet<string> Closure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var todo = new Stack<string>([project]);
        while (todo.TryPop(out var p))
        {
            if (!seen.Add(p)) continue;
            foreach (var r in XDocument.Load(p).Descendants("ProjectReference"))
                todo.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(p)!, r.Attribute("Include")!.Value.Replace('\\', '/'))));
        }
        return seen;
    }

    [Fact]
    public void The_engine_project_graph_reaches_no_hardware_and_no_model_project()
    {
        var closure = Closure(Repo("sim/SmartQuant.Sim.Engine/SmartQuant.Sim.Engine.csproj")).Select(p => Path.GetFileName(p)).ToList();
        Assert.Contains("SmartQuant.Hdl.csproj", closure);
        Assert.DoesNotContain("SmartQuant.Hw.csproj", closure);
        Assert.DoesNotContain("SmartQuant.Models.csproj", closure);
        Assert.DoesNotContain("SmartQuant.Quant.csproj", closure);
        // The testbenches of the built-in designs do reference both, so the assertion above is not vacuous.
        var testbenches = Closure(Repo("sim/SmartQuant.Sim/SmartQuant.Sim.csproj")).Select(p => Path.GetFileName(p)).ToList();
        Assert.Contains("SmartQuant.Hw.csproj", testbenches);
        Assert.Contains("SmartQuant.Sim.Engine.csproj", testbenches);
    }

    [Fact]
    public void The_compiled_engine_references_no_hardware_and_no_model_assembly()
    {
        var refs = typeof(Lockstep).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Contains("SmartQuant.Hdl", refs);
        Assert.DoesNotContain(refs, n => n.StartsWith("SmartQuant.Hw", StringComparison.Ordinal) || n.StartsWith("SmartQuant.Models", StringComparison.Ordinal));
        Assert.Equal("SmartQuant.Sim.Engine", typeof(Lockstep).Assembly.GetName().Name);
        Assert.Equal("SmartQuant.Sim", typeof(LockstepEngine).Assembly.GetName().Name);
    }

    private static List<string> ClosureNames(string project) => [.. Closure(Repo(project)).Select(p => Path.GetFileName(p))];

    [Fact]
    public void The_golden_models_and_the_hardware_classes_meet_only_in_the_spec_project()
    {
        var models = ClosureNames("src/SmartQuant.Models/SmartQuant.Models.csproj");
        Assert.Contains("SmartQuant.Spec.csproj", models);
        Assert.DoesNotContain("SmartQuant.Hw.csproj", models);
        var realModel = ClosureNames("src/SmartQuant.RealModel/SmartQuant.RealModel.csproj");
        Assert.Contains("SmartQuant.Models.csproj", realModel);
        Assert.DoesNotContain("SmartQuant.Hw.csproj", realModel);
        var hw = ClosureNames("hw/SmartQuant.Hw/SmartQuant.Hw.csproj");
        Assert.Contains("SmartQuant.Spec.csproj", hw);
        Assert.DoesNotContain("SmartQuant.Models.csproj", hw);
        Assert.DoesNotContain("SmartQuant.Quant.csproj", hw);   // the hardware classes use no quantizer code
        var spec = ClosureNames("src/SmartQuant.Spec/SmartQuant.Spec.csproj");
        Assert.Equal(["SmartQuant.Hdl.csproj", "SmartQuant.Spec.csproj"], spec.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// The projects in data-flow order (describe → elaborate → emit → lint/synth → build → co-simulate → report): each
    /// may reference only projects before it, so no step reaches forward into a later one.
    /// </summary>
    private static readonly string[] FlowOrder =
    [
        "src/SmartQuant.Hdl/SmartQuant.Hdl.csproj",                          // describe + elaborate
        "src/SmartQuant.Spec/SmartQuant.Spec.csproj",
        "generators/SmartQuant.Analyzers/SmartQuant.Analyzers.csproj",
        "hw/SmartQuant.Hw/SmartQuant.Hw.csproj",
        "generators/SmartQuant.DesignFile/SmartQuant.DesignFile.csproj",    // the user's design file
        "generators/SmartQuant.Emit/SmartQuant.Emit.csproj",                // emit
        "generators/SmartQuant.Eda/SmartQuant.Eda.csproj",                  // lint/synth
        "sim/SmartQuant.Sim.Engine/SmartQuant.Sim.Engine.csproj",           // build + co-simulate
        "src/SmartQuant.Quant/SmartQuant.Quant.csproj",
        "src/SmartQuant.Models/SmartQuant.Models.csproj",
        "sim/SmartQuant.Sim/SmartQuant.Sim.csproj",
        "src/SmartQuant.RealModel/SmartQuant.RealModel.csproj",
        "src/SmartQuant.Experiments/SmartQuant.Experiments.csproj",         // report
        "src/SmartQuant.Cli/SmartQuant.Cli.csproj",
    ];

    [Fact]
    public void Every_project_references_only_earlier_steps_of_the_flow()
    {
        var order = FlowOrder.Select(Repo).ToList();
        foreach (var project in order)
        {
            var at = order.IndexOf(project);
            foreach (var r in XDocument.Load(project).Descendants("ProjectReference"))
            {
                var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, r.Attribute("Include")!.Value.Replace('\\', '/')));
                var to = order.IndexOf(target);
                Assert.True(to >= 0, $"{Path.GetFileName(project)} references {Path.GetFileName(target)}, which is not in the flow order");
                Assert.True(to < at, $"{Path.GetFileName(project)} reaches forward to {Path.GetFileName(target)}");
            }
        }
        // every product project of the solution is placed in the flow
        var products = Directory.GetFiles(RepoPaths.Root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}tests{Path.DirectorySeparatorChar}") && !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                        && !p.Contains($"{Path.DirectorySeparatorChar}build{Path.DirectorySeparatorChar}"))
            .Select(Path.GetFullPath).Order(StringComparer.Ordinal);
        Assert.Equal(order.Order(StringComparer.Ordinal), products);
    }

    [Fact]
    public void Emission_lint_synth_and_the_front_end_are_separate_projects()
    {
        // emission knows no EDA tool, no simulator and no compiler
        Assert.Equal(["SmartQuant.Emit.csproj", "SmartQuant.Hdl.csproj"], ClosureNames("generators/SmartQuant.Emit/SmartQuant.Emit.csproj").Order(StringComparer.Ordinal));
        Assert.Equal(["SmartQuant.Eda.csproj", "SmartQuant.Emit.csproj", "SmartQuant.Hdl.csproj"],
            ClosureNames("generators/SmartQuant.Eda/SmartQuant.Eda.csproj").Order(StringComparer.Ordinal));
        Assert.Equal(["SmartQuant.Analyzers.csproj", "SmartQuant.DesignFile.csproj", "SmartQuant.Hdl.csproj"],
            ClosureNames("generators/SmartQuant.DesignFile/SmartQuant.DesignFile.csproj").Order(StringComparer.Ordinal));
        // the harness templates live beside the engine, not in the emitter
        Assert.Empty(Directory.GetFiles(Repo("generators/SmartQuant.Emit/Templates"), "*.cpp.scriban"));
        Assert.NotEmpty(Directory.GetFiles(Repo("sim/SmartQuant.Sim.Engine/Harness/Templates"), "sim_shim.cpp.scriban"));
        // the CLI holds commands only: experiments and benchmarks are in the library it calls
        Assert.Contains("SmartQuant.Experiments.csproj", ClosureNames("src/SmartQuant.Cli/SmartQuant.Cli.csproj"));
        Assert.DoesNotContain("SmartQuant.Cli.csproj", ClosureNames("src/SmartQuant.Experiments/SmartQuant.Experiments.csproj"));
        Assert.Equal(["Commands"], Directory.GetDirectories(Repo("src/SmartQuant.Cli")).Select(Path.GetFileName)
            .Where(d => d is not ("bin" or "obj")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_compiled_golden_models_reference_no_hardware_assembly()
    {
        var models = typeof(SmartQuant.Models.MicroScopiQ.MicroScopiQModel).Assembly;
        var refs = models.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Contains("SmartQuant.Spec", refs);
        Assert.DoesNotContain("SmartQuant.Hw", refs);
        // the config the models are written against lives in the spec assembly, not in hw/
        Assert.Equal("SmartQuant.Spec", typeof(SmartQuant.Hw.MicroScopiQ.MicroScopiQConfig).Assembly.GetName().Name);
        Assert.Equal("SmartQuant.Spec", typeof(SmartQuant.Hw.Cxl.CxlStoreConfig).Assembly.GetName().Name);
    }
}
