using SmartQuant.Quant.MicroScopiQ;
using SmartQuant.Quant.Recon;

namespace SmartQuant.Models.MicroScopiQ;

/// <summary>
/// Random packed layers in the quantizer's format (codes, exponents, routable permutation lists paired by the
/// quantizer's search): stimulus for functional tests and co-simulation, with control over outlier rate, ΔO and
/// exponent spread that real quantized layers don't give.
/// </summary>
public static class MicroScopiQLayers
{
    private static readonly ReconTopology Micro = new(8);

    /// <param name="outlierRate">probability that a µB has outliers; <paramref name="adversarial"/>: 4 in every µB.</param>
    public static QuantizedTensor Random(int n, int k, int bb, int seed, double outlierRate = 0.1, bool adversarial = false, int maxDeltaO = 6, int expSpread = 2)
    {
        var rng = new Random(seed);
        var q = new QuantizedTensor(n, k, new MicroScopiQLayout(bb, MacroBlock: Math.Min(128, n), MicroBlock: 8));
        int h = bb / 2, magMax = (1 << (bb - 1)) - 1, halfMax = (1 << h) - 1;
        for (int i = 0; i < q.InlierExponent.Length; i++) q.InlierExponent[i] = rng.Next(-expSpread, 1);
        for (int kk = 0; kk < k; kk++)
            for (int m = 0; m < n / 8; m++)
            {
                int mi = kk * q.MicroBlocksPerCol + m;
                for (int j = 0; j < 8; j++)
                    q.Codes[kk * n + 8 * m + j] = (byte)((rng.Next(2) << (bb - 1)) | rng.Next(magMax + 1));
                int count = adversarial ? 4 : rng.NextDouble() < outlierRate ? rng.Next(1, 5) : 0;
                if (count == 0) continue;
                var slots = Enumerable.Range(0, 8).OrderBy(_ => rng.Next()).ToArray();
                var pairs = ReconPairing.FindRoutable(Micro, slots[..count], slots[count..(2 * count)])!;
                SetMicro(q, kk, m, pairs, rng, adversarial ? maxDeltaO : rng.Next(maxDeltaO + 1), halfMax, bb, adversarial);
            }
        return q;
    }

    public static void SetMicro(QuantizedTensor q, int kk, int m, IReadOnlyList<LanePair> pairs, Random rng, int deltaO, int halfMax, int bb, bool negative)
    {
        int mi = kk * q.MicroBlocksPerCol + m;
        q.PairCount[mi] = (byte)pairs.Count;
        q.DeltaO[mi] = (byte)deltaO;
        for (int e = 0; e < pairs.Count; e++)
        {
            var (u, l) = pairs[e];
            q.Pairs[mi * 4 + e] = (byte)((u << 3) | l);
            int s = negative || rng.Next(2) == 1 ? 1 : 0;
            q.Codes[kk * q.Rows + 8 * m + u] = (byte)((s << (bb - 1)) | rng.Next(halfMax + 1));
            q.Codes[kk * q.Rows + 8 * m + l] = (byte)((s << (bb - 1)) | rng.Next(halfMax + 1));
        }
    }
}
