using SmartQuant.Hdl;

namespace SmartQuant.Hw.Common;

/// <summary>
/// The index of the lowest set flag, or the last index when none is set — what a chain of 2:1 muxes from the last flag
/// down gives — built as a balanced tree: each node is "the left half's index if any left flag is set, else the right
/// half's". Same function as the chain, but log2(n) mux levels beside log2(n) OR levels instead of n muxes in a row
/// (with 32 sub-entries the chains put the cxl-store lookup's stall path at 85 levels; docs/cxl-store.md, "Left to do").
/// </summary>
public static class PriorityIndex
{
    public static Expr LowestSet(IReadOnlyList<Expr> flags, int width)
    {
        if (flags.Count == 0) throw new HdlException("PriorityIndex.LowestSet: no flags");
        (Expr Any, Expr Index) Node(int lo, int count)
        {
            if (count == 1) return (flags[lo], Logic.Lit(lo, width));
            var half = count / 2;
            var (leftAny, leftIndex) = Node(lo, half);
            var (rightAny, rightIndex) = Node(lo + half, count - half);
            return (leftAny | rightAny, Logic.Mux(leftAny, leftIndex, rightIndex));
        }
        return Node(0, flags.Count).Index;
    }
}
