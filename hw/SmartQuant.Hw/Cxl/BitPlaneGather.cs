using SmartQuant.Hdl;

namespace SmartQuant.Hw.Cxl;

/// <summary>
/// Builds one host line from the fetched planes of a block (slot s = plane B−1−s, MSB first).
/// Planes below k are dropped; with guard rounding the code becomes min(c + g, 2^(k−1)−1), g = the next plane,
/// computed bit-sliced over all 512 weights (a ripple of carries across the planes). PACKED line l is bits
/// [512l+511 : 512l] of the weight-major, LSB-first stream of k-bit codes; PADDED line l holds weights
/// 64l..64l+63 as bytes with the dropped bits zero; passthrough returns slot 0 unchanged.
/// </summary>
public sealed class BitPlaneGather : Module
{
    public readonly Signal[] Slots;
    public readonly Signal K, Format, Round, Line, Data;

    public BitPlaneGather(CxlStoreConfig cfg)
    {
        const int n = CxlStoreConfig.BlockWeights;
        var b = cfg.Planes;
        Slots = [.. Enumerable.Range(0, b).Select(_ => In(n))];
        K = In(4);
        Format = In(2);
        Round = In();
        Line = In(3);
        Data = Out(CxlStoreConfig.LineBits);

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
        var eff = new Expr[b];
        for (var s = 0; s < b; s++)
        {
            var sum = Slots[s] ^ carry[s];
            var sat = s == 0 ? sum & ~overflow : sum | overflow;
            eff[s] = Logic.Mux(K > s, sat, zero);
        }

        // Every line is made of whole 32-bit words of the per-group code streams (PlaneGroupCodes): PACKED line l of k
        // bits is words 16l .. 16l + 15 of the k-bit stream, word n of which is word n mod k of group n div k; a PADDED
        // line is the k = 8 stream of the planes zeroed below k (bytes {eff0[w] … eff7[w]}).
        const int groups = n / PlaneGroupCodes.Weights, wordsPerLine = CxlStoreConfig.LineBits / PlaneGroupCodes.Weights;
        var codes = new PlaneGroupCodes[groups];
        for (var g = 0; g < groups; g++)
        {
            codes[g] = Instance(new PlaneGroupCodes(b), $"codes_{g}");
            for (var s = 0; s < b; s++) codes[g].Planes[s].Assign(eff[s][32 * g + 31, 32 * g]);
        }
        Expr LineOf(int k, int l) => Logic.Cat(Enumerable.Range(0, wordsPerLine).Reverse()
            .Select(m => (Expr)codes[(wordsPerLine * l + m) / k].Codes[k - 1][(wordsPerLine * l + m) % k]));

        var line = Wire(CxlStoreConfig.LineBits);
        line.Assign(Slots[0]);                                // passthrough
        var padded = Enumerable.Range(0, cfg.PaddedLinesPerBlock).Select(l => LineOf(b, l)).ToArray();
        When(Format.Eq((int)RegionFormat.Padded), () => line.Assign(Logic.Select(Line, padded)))
            .ElseWhen(Format.Eq((int)RegionFormat.Packed), () =>
            {
                var sw = Switch(K);
                for (var k = 1; k <= b; k++)
                {
                    var kk = k;
                    var lines = Enumerable.Range(0, kk).Select(l => kk == b ? padded[l] : LineOf(kk, l)).ToArray();
                    sw.Is(kk, () => line.Assign(kk == 1 ? lines[0] : Logic.Select(Line, lines)));
                }
                sw.Default(() => { });
            });
        Data.Assign(line);
    }
}
