using SmartQuant.Hdl;
using SmartQuant.Hw;

namespace SmartQuant.Sim;

/// <summary>
/// Co-simulation of the built-in designs: finds a test's design in <see cref="DesignCatalog"/>, elaborates it for the
/// run's config with its line trace, and hands it to the generic engine (<see cref="Lockstep"/>, which knows no design).
/// </summary>
public static class LockstepEngine
{
    public const int WindowBefore = Lockstep.WindowBefore, WindowAfter = Lockstep.WindowAfter;
    /// <summary>Cycles in the report's table (the divergent cycle and the ones before it).</summary>
    public const int TableCycles = Lockstep.TableCycles;
    /// <summary>Cycles the view of a failure shows.</summary>
    public const int ViewCycles = Lockstep.ViewCycles;

    /// <summary>Runs <paramref name="test"/> on its design from <see cref="DesignCatalog"/> (<see cref="SimOptions.Config"/> or the default).</summary>
    public static SimResult Run(ISimTest test, SimOptions options) => Lockstep.Run(Elaborate(test.Design, options.Config), test, options);

    /// <summary>A built-in design elaborated for <paramref name="config"/> (default when null), with its top module and line trace.</summary>
    public static DesignUnderTest Elaborate(string design, DesignConfig? config = null)
    {
        var entry = DesignCatalog.Find(design);
        config ??= entry.DefaultConfig;
        var top = entry.Build(config);
        return new DesignUnderTest(Elaborator.Elaborate(top, entry.Name, config.Hash()), config) { Top = top, LineTraces = LineTraces.For };
    }

    public static long TimeOfCycle(long cycle, int resetCycles) => Lockstep.TimeOfCycle(cycle, resetCycles);

    public static uint VerilatorSeed(ulong seed) => Lockstep.VerilatorSeed(seed);
}
