using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>
/// Shared ReCoN only (docs/microscopiq-hw.md, "Shared ReCoN"): what one row sends to the <see cref="SharedReconPool"/>
/// about the token at its tap. <see cref="Request"/>: the token needs a ReCoN unit (valid, and its bank has outlier µBs
/// in this row); <see cref="RequestNext"/>: the same for next cycle's tap token if the array advances, so the pool
/// registers its stall instead of deriving it combinationally; <see cref="Present"/>/<see cref="Records"/>: the bank's
/// µB presence mask and records (used bits; the unit decodes the lane roles); <see cref="Code"/>: the lanes' own codes
/// (lane j at [4j+3:4j]); <see cref="X"/>: the token's x'. The row declares it in its constructor only for a
/// shared-ReCoN config, so a per-row design has no such ports.
/// </summary>
public sealed class ReconRequest : Bundle
{
    // Declaration order is port order (RequestNext first, as the row computes it before the tap token's fields).
    public readonly Signal RequestNext, Request, Present, Records, Code, X;

    public ReconRequest(Module owner, MicroScopiQConfig cfg, bool flipped = false) : base(owner, flipped)
    {
        RequestNext = Forward();
        Request = Forward();
        Present = Forward(cfg.MicroSlots);
        Records = Forward(cfg.MicroSlots * cfg.RecordUsedWidth);
        Code = Forward(cfg.Lanes * ReconSwitch.CodeWidth);
        X = Forward(cfg.ShiftedActWidth, signed: true);
    }
}
