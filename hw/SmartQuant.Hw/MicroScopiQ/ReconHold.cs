using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>
/// Shared ReCoN only (docs/microscopiq-hw.md, "Shared ReCoN"): the pool's hold on the array. <see cref="AllServed"/>
/// low freezes the pipeline (a register in the pool); <see cref="Lost"/> counts the requests that lost arbitration
/// this cycle (the conflicts counter). The array produces it; the controller declares it flipped. Both declare it in
/// their constructors only for a shared-ReCoN config, so a per-row design has no such ports.
/// </summary>
public sealed class ReconHold : Bundle
{
    public readonly Signal AllServed, Lost;

    public ReconHold(Module owner, MicroScopiQConfig cfg, bool flipped = false) : base(owner, flipped)
    {
        AllServed = Forward();
        Lost = Forward(LostWidth(cfg));
    }

    /// <summary>Up to every row can lose in one cycle.</summary>
    public static int LostWidth(MicroScopiQConfig cfg) => Logic.Log2Ceil(cfg.Rows + 1);
}
