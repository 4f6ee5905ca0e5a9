using SmartQuant.Hdl;

namespace SmartQuant.Hw.Cxl;

/// <summary>
/// One line of a block as a region's alias sees it (docs/cxl-store.md, "Cycle contract"): the alias table decodes it
/// from a DPA and the read path looks it up in the block buffer. The block is named by its physical line and its view
/// (k, format, guard rounding); <see cref="Line"/> is the host line within the block and <see cref="Planes"/> the plane
/// reads a miss issues (k, k + 1 with the guard, 1 for a passthrough line). The alias table is the producer; the read
/// path declares it flipped, and the top joins the two with <see cref="Bundle.Connect"/>.
/// </summary>
public sealed class BlockView : Bundle
{
    public readonly Signal PhysLine, K, Format, Round, Line, Planes;

    public BlockView(Module owner, CxlStoreConfig cfg, bool flipped = false) : base(owner, flipped)
    {
        PhysLine = Forward(cfg.PhysLineBits);
        K = Forward(4);
        Format = Forward(2);
        Round = Forward();
        Line = Forward(3);
        Planes = Forward(4);
    }
}
