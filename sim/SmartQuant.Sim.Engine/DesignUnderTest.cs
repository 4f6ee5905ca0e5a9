using SmartQuant.Hdl;
using SmartQuant.Hdl.Ir;
using SmartQuant.Hdl.Simulation;

namespace SmartQuant.Sim;

/// <summary>
/// What the engine co-simulates: an elaborated design and the config it was built for, plus what only the design's
/// owner knows — the top <see cref="Module"/> object (so golden models and drivers bind ports through its signals,
/// <see cref="PortMap.this[Signal]"/>), its line trace and how a failure is replayed from the command line. Built
/// in <c>LockstepEngine</c> for a catalog design, in <see cref="Testbench{TModule}"/> for a block or a design file.
/// </summary>
public sealed record DesignUnderTest(IrDesign Ir, DesignConfig Config)
{
    /// <summary>The elaborated top; when set, the port map handed to golden models and drivers is bound to it.</summary>
    public Module? Top { get; init; }

    /// <summary>The design's line trace for a golden model (<c>--line-trace</c>); null = the design has none.</summary>
    public Func<ICycleModel, PortMap, ILineTrace>? LineTraces { get; init; }

    /// <summary>The replay line of a failure from (test, seed, cycles); null = <c>smartquant sim --design NAME --test T …</c>.</summary>
    public Func<string, ulong, long, string>? Replay { get; init; }

    /// <summary>Elaborates <paramref name="top"/> (a freshly constructed module) as design <paramref name="name"/>.</summary>
    public static DesignUnderTest Elaborate(Module top, string name, DesignConfig? config = null)
    {
        config ??= NoConfig.Instance;   // config.Hash() checks it (once per instance)
        return new DesignUnderTest(Elaborator.Elaborate(top, name, config.Hash()), config) { Top = top };
    }

    internal ILineTrace LineTrace(ICycleModel golden, PortMap map) =>
        LineTraces?.Invoke(golden, map) ?? throw new HdlException($"design '{Ir.DesignName}' has no line trace");

    internal string? ReplayLine(string test, ulong seed, long cycles) => Replay?.Invoke(test, seed, cycles);

    /// <summary>The library with its port map bound to <see cref="Top"/> (same layout, signals resolve).</summary>
    internal SimLibrary Bind(SimLibrary lib) => Top is null ? lib : lib with { Map = lib.Map.BoundTo(Top) };
}

/// <summary>The config of a block that has no parameters of its own (its JSON is <c>{}</c>).</summary>
public sealed record NoConfig : DesignConfig
{
    public static NoConfig Instance { get; } = new();
    protected override void Check() { }
}
