using SmartQuant.Hdl;
using SmartQuant.Hdl.Simulation;

namespace SmartQuant.Sim;

/// <summary>
/// Stimulus of one co-simulation run. Called once per cycle before the cycle is evaluated; it may react to the
/// RTL's outputs of the previous cycle (valid/ready back-pressure) and must draw all randomness from the seed it
/// was created with, so a run replays exactly from (design, test, config, seed).
/// </summary>
public interface IStimulusDriver
{
    /// <param name="cycle">Cycle number, 0 = first cycle after reset.</param>
    /// <param name="inputs">Still holds the previous cycle's inputs (zeros at cycle 0); set this cycle's.</param>
    /// <param name="outputs">The RTL's outputs of the previous cycle (zeros at cycle 0). Read only.</param>
    void Drive(long cycle, PortValues inputs, PortValues outputs);
}

/// <summary>Whether an output's value is irrelevant this cycle (given this cycle's inputs and the golden outputs).</summary>
public delegate bool DontCarePredicate(PortValues inputs, PortValues expected);

/// <summary>
/// A per-port don't-care rule on an output's slot, taken from the design's typed port binding, never rebuilt from a
/// name: e.g. <c>new DontCare(ports.OutData, (i, e) => e[ports.OutValid] == 0, "data only while valid")</c>.
/// </summary>
public sealed record DontCare(PortSlot Port, DontCarePredicate Ignore, string Reason)
{
    /// <summary>The rule for one of an elaborated top module's outputs, through its signal.</summary>
    public static DontCare Of(Signal port, PortMap map, DontCarePredicate ignore, string reason) => new(map[port], ignore, reason);

    /// <summary>Rules for the fields of a valid/ready channel: each is shown only while the channel's valid is high.</summary>
    public static IEnumerable<DontCare> WhileInvalid(PortSlot valid, IEnumerable<PortSlot> fields) =>
        fields.Select(f => new DontCare(f, (_, e) => e[valid] == 0, $"{f.Name} is shown only while {valid.Name}"));
}

/// <summary>
/// A named co-simulation test of a design: a golden model, a stimulus driver and don't-care rules. Register one in
/// <see cref="SimTestCatalog"/>; the first test registered for a design is its default.
/// </summary>
public interface ISimTest
{
    /// <summary>Test name on the command line (<c>--test</c>), unique per design.</summary>
    string Name { get; }
    /// <summary>Design name: a built-in design's name in <c>DesignCatalog</c>, or the block's name for a <see cref="Testbench{TModule}"/>.</summary>
    string Design { get; }
    string Description { get; }
    /// <summary>A fresh golden model for <paramref name="config"/> (the design's config record).</summary>
    ICycleModel CreateGolden(DesignConfig config, PortMap map);
    /// <summary>A fresh stimulus driver drawing its randomness from <paramref name="seed"/>.</summary>
    IStimulusDriver CreateDriver(DesignConfig config, PortMap map, ulong seed);
    /// <summary>Outputs that are not compared under some condition, on <paramref name="map"/>'s slots (the map the
    /// golden model and driver get).</summary>
    IReadOnlyList<DontCare> DontCares(PortMap map);
}

/// <summary>The usual way to declare an <see cref="ISimTest"/> in one line with factories.</summary>
public sealed record SimTest(
    string Design,
    string Name,
    string Description,
    Func<DesignConfig, PortMap, ICycleModel> Golden,
    Func<DesignConfig, PortMap, ulong, IStimulusDriver> Driver,
    Func<PortMap, IReadOnlyList<DontCare>>? Rules = null) : ISimTest
{
    public ICycleModel CreateGolden(DesignConfig config, PortMap map) => Golden(config, map);
    public IStimulusDriver CreateDriver(DesignConfig config, PortMap map, ulong seed) => Driver(config, map, seed);
    public IReadOnlyList<DontCare> DontCares(PortMap map) => Rules?.Invoke(map) ?? [];
}
