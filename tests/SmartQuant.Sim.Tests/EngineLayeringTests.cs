using System.Xml.Linq;

namespace SmartQuant.Sim.Tests;

/// <summary>
/// The co-simulation engine knows no design: neither its project graph nor its compiled assembly reaches the hardware
/// classes (hw/) or the golden models (src/SmartQuant.Models). Built-in designs come in through SmartQuant.Sim.
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
}
