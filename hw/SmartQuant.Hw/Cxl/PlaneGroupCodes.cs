using SmartQuant.Hdl;

namespace SmartQuant.Hw.Cxl;

/// <summary>
/// The k-bit codes of one group of 32 weights, for every k = 1..8: the group's planes (32-bit words, bit w = weight
/// w, plane 0 = MSB) re-read weight-major, LSB-first. 32 weights of k bits are exactly k 32-bit words, so every
/// PACKED line (and every PADDED line, which is the k = 8 stream) is a choice of these words: the gather above this
/// block only moves whole words. Pure wiring; one module instantiated once per group, so a simulator compiles the
/// bit-level permutation once instead of once per group (this was most of the store's Verilator build time).
/// </summary>
public sealed class PlaneGroupCodes : Module
{
    /// <summary>Weights per group (one 32-bit word of each plane).</summary>
    public const int Weights = 32;

    public readonly Signal[] Planes;

    /// <summary>Codes[k − 1][q]: word q (bits 32q + 31 .. 32q) of the group's k-bit code stream.</summary>
    public readonly Signal[][] Codes;

    public PlaneGroupCodes(int planes)
    {
        Planes = [.. Enumerable.Range(0, planes).Select(_ => In(Weights))];
        Codes = new Signal[planes][];
        for (var k = 1; k <= planes; k++)
        {
            var kk = k;
            Codes[k - 1] = [.. Enumerable.Range(0, k).Select(_ => Out(Weights))];
            for (var q = 0; q < k; q++)
            {
                // stream bit p = code bit p mod k (LSB first) of weight p div k = plane k − 1 − (p mod k)
                var qq = q;
                Codes[k - 1][q].Assign(Logic.Cat(Enumerable.Range(32 * qq, Weights).Reverse()
                    .Select(p => (Expr)Planes[kk - 1 - p % kk][p / kk])));
            }
        }
    }
}
