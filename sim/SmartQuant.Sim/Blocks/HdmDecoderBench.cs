using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Cxl;

namespace SmartQuant.Sim.Blocks;

/// <summary>
/// Block-level co-simulation of the CXL HDM decoder (<see cref="HdmDecoder"/>) against <see cref="HdmDecoderGolden"/>.
/// The DPA is compared only while the host line is in range (elsewhere the spec gives it no meaning).
/// </summary>
public sealed class HdmDecoderBench(CxlStoreConfig? config = null) : Testbench<HdmDecoder>("hdm-decoder", "random",
    "random HDM programming (every IG, 1–16 and 3/6/12 ways, illegal, de-committed, locked) and host lines around the range")
{
    private readonly CxlStoreConfig _cfg = config ?? new CxlStoreConfig();

    protected override Hdl.DesignConfig Config => _cfg;
    protected override HdmDecoder Build() => new(_cfg);
    protected override ICycleModel Golden(HdmDecoder top, PortMap map) => new HdmDecoderGolden(top, _cfg, map);
    protected override IStimulusDriver Driver(HdmDecoder top, PortMap map, ulong seed) => new HdmDecoderDriver(top, map, seed);

    protected override IReadOnlyList<DontCare> DontCares(HdmDecoder top, PortMap map)
    {
        var inRange = map[top.InRange];
        return [DontCare.Of(top.DpaLine, map, (_, expected) => expected[inRange] == 0, "the DPA means something only in range")];
    }
}
