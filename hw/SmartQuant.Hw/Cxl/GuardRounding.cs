using SmartQuant.Hdl;

namespace SmartQuant.Hw.Cxl;

/// <summary>
/// The first half of the bit-plane gather (docs/cxl-store.md, "Serve pipeline"): a block's fetched planes (slot s =
/// plane B−1−s, MSB first) become the k kept planes with guard rounding applied and the planes below k zeroed. With
/// rounding the code becomes min(c + g, 2^(k−1)−1), g = the next plane, computed bit-sliced over all 512 weights (a
/// ripple of carries across the planes): the deep part of the gather, so its result is registered before the word
/// selection (<see cref="BitPlaneGather"/>). A passthrough line is slot 0 unchanged.
/// </summary>
public sealed class GuardRounding : Module
{
    public readonly Signal[] Slots, Kept;
    public readonly Signal K, Format, Round;

    public GuardRounding(CxlStoreConfig cfg)
    {
        const int n = CxlStoreConfig.BlockWeights;
        var b = cfg.Planes;
        Slots = [.. Enumerable.Range(0, b).Select(_ => In(n))];
        K = In(4);
        Format = In(2);
        Round = In();
        Kept = [.. Enumerable.Range(0, b).Select(_ => Out(n))];

        var zero = Logic.Lit(0, n);
        var doRound = Round & (K < b);
        var guard = Logic.Mux(doRound, Logic.Select(K, [zero, .. Enumerable.Range(1, b - 1).Select(k => (Expr)Slots[k]), zero]), zero);
        // carry[s]: carry into slot s (only slots < k are kept; the guard enters at slot k−1).
        var carry = new Expr[b];
        for (var s = b - 1; s >= 0; s--)
        {
            var fromBelow = s == b - 1 ? zero : Logic.Mux(K > s + 1, Slots[s + 1] & carry[s + 1], zero);
            carry[s] = Logic.Mux(K.Eq(s + 1), guard, fromBelow);
        }
        var overflow = carry[0] & ~Slots[0];                 // a positive code rounded past the largest value
        var pass = Format.Eq((int)RegionFormat.Passthrough);
        for (var s = 0; s < b; s++)
        {
            var sum = Slots[s] ^ carry[s];
            var sat = s == 0 ? sum & ~overflow : sum | overflow;
            var kept = Logic.Mux(K > s, sat, zero);
            Kept[s].Assign(s == 0 ? Logic.Mux(pass, Slots[0], kept) : kept);
        }
    }
}
