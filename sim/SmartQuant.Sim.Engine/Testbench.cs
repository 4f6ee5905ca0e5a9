using SmartQuant.Hdl;
using SmartQuant.Hdl.Simulation;

namespace SmartQuant.Sim;

/// <summary>A self-contained co-simulation: how to elaborate the design, and the test (golden model, driver) to run on it.</summary>
public interface ITestbench
{
    /// <summary>The design's name in reports (kebab case, like a built-in design's).</summary>
    string Name { get; }
    /// <summary>
    /// A freshly constructed and elaborated design (a new module object each call) and the test bound to that module:
    /// its golden model, driver and don't-care rules find their ports through the module's own signals.
    /// </summary>
    BenchRun Elaborate();
}

/// <summary>An elaborated testbench: the design and the test bound to its module.</summary>
public sealed record BenchRun(DesignUnderTest Design, ISimTest Test);

/// <summary>
/// A testbench for one module class: subclass it with the module's construction, a golden model and a driver, then
/// <c>Lockstep.Run(new MyBench(), new SimOptions { Cycles = 4000, Seed = 1 })</c>. The golden model and the driver get
/// the elaborated module itself, so they bind ports through its fields (<c>map[top.ActIn]</c>): renaming a field is a
/// compile error, not a run-time "no port" error. Used for block-level tests and for <c>smartquant sim --design-file</c>.
/// </summary>
public abstract class Testbench<TModule> : ITestbench where TModule : Module
{
    protected Testbench(string name, string testName = "random", string description = "")
    {
        Name = name;
        TestName = testName;
        Description = description;
    }

    public string Name { get; }
    public string TestName { get; }
    public string Description { get; }

    /// <summary>The config the module is built for (in reports and the build's hash); null = <see cref="NoConfig"/>.</summary>
    protected virtual DesignConfig? Config => null;

    /// <summary>A new module object (called once per elaboration).</summary>
    protected abstract TModule Build();

    /// <summary>A fresh golden model for the elaborated <paramref name="top"/>.</summary>
    protected abstract ICycleModel Golden(TModule top, PortMap map);

    /// <summary>A fresh stimulus driver drawing all randomness from <paramref name="seed"/>.</summary>
    protected abstract IStimulusDriver Driver(TModule top, PortMap map, ulong seed);

    /// <summary>Outputs that are not compared under some condition (<c>DontCare.Of(top.DpaLine, …)</c>).</summary>
    protected virtual IReadOnlyList<DontCare> DontCares(TModule top, PortMap map) => [];

    /// <summary>The line trace for <c>--line-trace</c>, reading <paramref name="golden"/> (the bench's own model); null = none.</summary>
    protected virtual ILineTrace? LineTrace(ICycleModel golden, PortMap map) => null;

    /// <summary>How a failure is replayed (test, seed, cycles → command); null = a sentence naming the bench.</summary>
    public Func<string, ulong, long, string>? Replay { get; init; }

    public BenchRun Elaborate()
    {
        var top = Build();
        var dut = DesignUnderTest.Elaborate(top, Name, Config) with
        {
            LineTraces = (golden, map) => LineTrace(Unwrapped(golden), map) ?? throw new HdlException($"testbench '{Name}' defines no line trace"),
            Replay = Replay ?? ((_, seed, cycles) => $"Lockstep.Run(new {GetType().Name}(), new SimOptions {{ Seed = {seed}, Cycles = {cycles} }})"),
        };
        var test = new SimTest(Name, TestName, Description,
            (_, map) => Golden(top, map),
            (_, map, seed) => Driver(top, map, seed),
            map => DontCares(top, map));
        return new BenchRun(dut, test);
    }

    /// <summary>The bench's own golden model inside any wrapper a test put around it (a planted fault, a counter).</summary>
    private static ICycleModel Unwrapped(ICycleModel golden)
    {
        while (golden is IWrappingModel w) golden = w.Inner;
        return golden;
    }
}
