using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Sim.Blocks;

/// <summary>
/// Block-level co-simulation of one ReCoN stage that receives items in all four input slots and forwards them (a
/// middle stage: 2 ≤ <c>stage</c> &lt; <see cref="MicroScopiQConfig.LastMergeStage"/>) against
/// <see cref="ReconStageGolden"/>.
/// </summary>
public sealed class ReconStageBench : Testbench<ReconStage>
{
    private readonly MicroScopiQConfig _cfg;
    private readonly int _stage;

    public ReconStageBench(MicroScopiQConfig? config = null, int stage = 2)
        : base("recon-stage", "random", "random items of every switch hitting, passing left and right, overflowing a port, idle stretches, enable stalls")
    {
        _cfg = config ?? new MicroScopiQConfig();
        if (stage < 2 || stage >= _cfg.LastMergeStage)
            throw new Hdl.HdlException($"ReCoN stage {stage}: a stage with all four input slots that forwards items is 2 … {_cfg.LastMergeStage - 1}");
        if (Math.Max(_cfg.TagBits, ReconSwitch.CodeWidth) * _cfg.Lanes > 64)
            throw new Hdl.HdlException($"ReCoN stage bench: {_cfg.Lanes} lanes give planes wider than the 64-bit port words it drives");
        _stage = stage;
    }

    protected override Hdl.DesignConfig Config => _cfg;
    protected override ReconStage Build() => new(_cfg, _stage);
    protected override ICycleModel Golden(ReconStage top, PortMap map) => new ReconStageGolden(top, _cfg, _stage, map);
    protected override IStimulusDriver Driver(ReconStage top, PortMap map, ulong seed) => new ReconStageDriver(top, _cfg, map, seed);
}
