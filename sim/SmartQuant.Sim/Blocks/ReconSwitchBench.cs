using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Sim.Blocks;

/// <summary>
/// Block-level co-simulation of one ReCoN switch stage that both receives and forwards items (a middle stage of a µB's
/// butterfly: <c>stage</c> below <see cref="MicroScopiQConfig.LastMergeStage"/>) against <see cref="ReconSwitchGolden"/>.
/// </summary>
public sealed class ReconSwitchBench : Testbench<ReconSwitch>
{
    private readonly MicroScopiQConfig _cfg;
    private readonly int _stage;

    public ReconSwitchBench(MicroScopiQConfig? config = null, int stage = 1)
        : base("recon-switch", "random", "random items hitting, passing left and right, overflowing a port, enable stalls")
    {
        _cfg = config ?? new MicroScopiQConfig();
        if (stage < 0 || stage >= _cfg.LastMergeStage)
            throw new Hdl.HdlException($"ReCoN switch stage {stage}: a stage that receives and forwards items is 0 … {_cfg.LastMergeStage - 1}");
        _stage = stage;
    }

    protected override Hdl.DesignConfig Config => _cfg;
    protected override ReconSwitch Build() => new(_cfg, _stage, resIn: true, resOut: true);
    protected override ICycleModel Golden(ReconSwitch top, PortMap map) => new ReconSwitchGolden(top, _stage, map);
    protected override IStimulusDriver Driver(ReconSwitch top, PortMap map, ulong seed) => new ReconSwitchDriver(top, _cfg.TagBits, map, seed);
}
