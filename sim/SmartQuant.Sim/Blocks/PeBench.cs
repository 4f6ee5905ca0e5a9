using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Sim.Blocks;

/// <summary>Block-level co-simulation of one MicroScopiQ PE (<see cref="MultiPrecisionPe"/>) against <see cref="PeGolden"/>.</summary>
public sealed class PeBench(MicroScopiQConfig? config = null) : Testbench<MultiPrecisionPe>("microscopiq-pe", "random",
    "random weight loads into both banks, bb 2/4 switches, enable stalls, extreme activations and partial sums")
{
    private readonly MicroScopiQConfig _cfg = config ?? new MicroScopiQConfig();

    protected override Hdl.DesignConfig Config => _cfg;
    protected override MultiPrecisionPe Build() => new(_cfg);
    protected override ICycleModel Golden(MultiPrecisionPe top, PortMap map) => new PeGolden(top, _cfg, map);
    protected override IStimulusDriver Driver(MultiPrecisionPe top, PortMap map, ulong seed) => new PeDriver(top, _cfg, map, seed);
}
