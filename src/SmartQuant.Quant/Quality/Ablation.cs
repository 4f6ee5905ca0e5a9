using SmartQuant.Quant.MicroScopiQ;
using SmartQuant.Quant.Sources;

namespace SmartQuant.Quant.Quality;

/// <summary>One ablation row: method name, bits, mean relative output error over the layers, mean outlier fraction.</summary>
public sealed record AblationRow(string Method, int Bits, double RelativeError, double OutlierFraction);

/// <summary>
/// The paper's Table 7 ablation on synthetic layers: per-channel RTN, MX-INT-bb, + MX-FP outliers, + pruning
/// (the packed format), + GPTQ (full MicroScopiQ). Errors are measured on held-out activations (a different seed
/// from the calibration set).
/// </summary>
public static class Ablation
{
    public static readonly string[] Methods = ["RTN per-channel INT", "MX-INT", "+ MX-FP outliers", "+ pruning", "+ GPTQ (MicroScopiQ)", "+ MSE inlier exponent*"];

    public static List<AblationRow> Run(IReadOnlyList<(int N, int K)> shapes, int bits, ulong seed, int calibTokens = 2048, int evalTokens = 512)
    {
        var sums = new double[Methods.Length];
        var fracs = new double[Methods.Length];
        for (int li = 0; li < shapes.Count; li++)
        {
            var (n, k) = shapes[li];
            ulong s = seed + (ulong)li * 1000;
            var w = SyntheticLayer.Weights(n, k, s);
            var calib = SyntheticLayer.Activations(k, calibTokens, s + 1);
            var eval = HeldOut(k, evalTokens, s + 1);
            var baseOpt = new MicroScopiQOptions(bits);
            var variants = new (float[] Q, double Frac)[]
            {
                (RtnPerChannel.Quantize(w, n, k, bits), 0),
                Run(w, n, k, baseOpt with { Outliers = false, Pruning = false, Gptq = false }, calib, calibTokens),
                Run(w, n, k, baseOpt with { Pruning = false, Gptq = false }, calib, calibTokens),
                Run(w, n, k, baseOpt with { Gptq = false }, calib, calibTokens),
                Run(w, n, k, baseOpt, calib, calibTokens),
                Run(w, n, k, baseOpt with { InlierScaleSearch = true }, calib, calibTokens),
            };
            for (int m = 0; m < variants.Length; m++)
            {
                sums[m] += OutputError.Relative(w, variants[m].Q, n, k, eval, evalTokens);
                fracs[m] += variants[m].Frac;
            }
        }
        return Methods.Select((m, i) => new AblationRow(m, bits, sums[i] / shapes.Count, fracs[i] / shapes.Count)).ToList();
    }

    /// <summary>Activations with the calibration set's per-feature statistics but independent tokens.</summary>
    public static float[] HeldOut(int k, int t, ulong calibSeed) => SyntheticLayer.Activations(k, t, calibSeed, rank: 8, tokenSeed: calibSeed * 31 + 7);

    private static (float[], double) Run(float[] w, int n, int k, MicroScopiQOptions o, float[] calib, int t)
    {
        var r = MicroScopiQQuantizer.Quantize(w, n, k, o, calib, t);
        return (r.Dequantized, r.OutlierFraction);
    }

    public static string Format(IEnumerable<AblationRow> rows)
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine($"{"method",-24} {"bits",4} {"rel. output error",18} {"outliers",9}");
        foreach (var r in rows)
            sb.AppendLine($"{r.Method,-24} {r.Bits,4} {r.RelativeError,18:F4} {r.OutlierFraction * 100,8:F2}%");
        return sb.ToString();
    }
}
