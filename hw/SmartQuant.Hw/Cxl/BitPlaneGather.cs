using SmartQuant.Hdl;

namespace SmartQuant.Hw.Cxl;

/// <summary>
/// The second half of the bit-plane gather: one host line from a block's kept planes (<see cref="GuardRounding"/>:
/// rounding applied, planes below k zero; slot 0 is the raw line for passthrough). PACKED line l is bits
/// [512l+511 : 512l] of the weight-major, LSB-first stream of k-bit codes; PADDED line l holds weights 64l..64l+63 as
/// bytes with the dropped bits zero; passthrough returns slot 0. Only whole 32-bit words move here.
/// </summary>
public sealed class BitPlaneGather : Module
{
    public readonly Signal[] Kept;
    public readonly Signal K, Format, Line, Data;

    public BitPlaneGather(CxlStoreConfig cfg)
    {
        const int n = CxlStoreConfig.BlockWeights;
        var b = cfg.Planes;
        Kept = [.. Enumerable.Range(0, b).Select(_ => In(n))];
        K = In(4);
        Format = In(2);
        Line = In(3);
        Data = Out(CxlStoreConfig.LineBits);

        // Every line is made of whole 32-bit words of the per-group code streams (PlaneGroupCodes): PACKED line l of k
        // bits is words 16l .. 16l + 15 of the k-bit stream, word n of which is word n mod k of group n div k; a PADDED
        // line is the k = 8 stream of the planes zeroed below k (bytes {kept0[w] … kept7[w]}).
        const int groups = n / PlaneGroupCodes.Weights, wordsPerLine = CxlStoreConfig.LineBits / PlaneGroupCodes.Weights;
        var codes = new PlaneGroupCodes[groups];
        for (var g = 0; g < groups; g++)
        {
            codes[g] = Instance(new PlaneGroupCodes(b), $"codes_{g}");
            for (var s = 0; s < b; s++) codes[g].Planes[s].Assign(Kept[s][32 * g + 31, 32 * g]);
        }
        Expr LineOf(int k, int l) => Logic.Cat(Enumerable.Range(0, wordsPerLine).Reverse()
            .Select(m => (Expr)codes[(wordsPerLine * l + m) / k].Codes[k - 1][(wordsPerLine * l + m) % k]));

        var line = Wire(CxlStoreConfig.LineBits);
        line.Assign(Kept[0]);                                 // passthrough: slot 0 unchanged
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
