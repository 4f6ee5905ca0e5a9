using SmartQuant.Quant.MicroScopiQ;
using SmartQuant.Quant.Sources;

namespace SmartQuant.Quant.Quality;

/// <summary>One ablation row: method name, bits, mean relative output error over the layers, mean outlier fraction.</summary>
public sealed record AblationRow(string Method, int Bits, double RelativeError, double OutlierFraction);

/// <param name="IsotropicBound">
/// Mean over the layers of ‖(W − Ŵ₀)·X_iso‖ / ‖W·X‖ (per token), Ŵ₀ = MicroScopiQ without GPTQ (the "+ MSE inlier exponent"
/// row) and X_iso = the activations' isotropic part alone (same per-feature scales, no shared component). That part is
/// independent across features, so no error feedback between columns can cancel it, and per column it is smallest for
/// Ŵ₀ (nearest rounding of the original weights, error-minimizing exponent): a lower bound, up to sampling noise, for
/// the error any compensation can reach with this format and outlier rule. docs/quant-formats.md §3 explains it.
/// </param>
public sealed record AblationResult(List<AblationRow> Rows, double IsotropicBound);

/// <summary>
/// The paper's Table 7 ablation on synthetic layers, steps added cumulatively: per-channel RTN, MX-INT-bb (the OCP
/// rule X = floor(log2 max) − emax over the same 128-weight blocks), + MX-FP outliers, + pruning (the packed format),
/// + error-minimizing inlier exponent, + GPTQ, + act-order (= the default MicroScopiQ). One extra row gives the
/// MX-INT-bb baseline the same exponent search, so the gain of the search is not credited to MicroScopiQ alone.
/// Errors are measured on held-out activations (a different seed from the calibration set). Calibration defaults to
/// 8192 tokens (8–16 per input feature for the CLI's layers; GPTQ wants T ≫ K, the paper uses 256 × 2048 tokens).
/// </summary>
public static class Ablation
{
    public static readonly string[] Methods =
    [
        "RTN per-channel INT", "MX-INT", "MX-INT, MSE exponent†", "+ MX-FP outliers", "+ pruning",
        "+ MSE inlier exponent", "+ GPTQ", "+ act-order (default)",
    ];

    public static List<AblationRow> Run(IReadOnlyList<(int N, int K)> shapes, int bits, ulong seed, int calibTokens = 8192, int evalTokens = 512)
        => Measure(shapes, bits, seed, calibTokens, evalTokens).Rows;

    /// <param name="outlierMeanShare">The activation model's outlier mean share (<see cref="SyntheticLayer.Activations"/>);
    /// the same for the calibration, held-out and isotropic sets.</param>
    public static AblationResult Measure(IReadOnlyList<(int N, int K)> shapes, int bits, ulong seed, int calibTokens = 8192, int evalTokens = 512, double outlierMeanShare = 0)
    {
        var sums = new double[Methods.Length];
        double bound = 0;
        var fracs = new double[Methods.Length];
        for (int li = 0; li < shapes.Count; li++)
        {
            var (n, k) = shapes[li];
            ulong s = seed + (ulong)li * 1000;
            var w = SyntheticLayer.Weights(n, k, s);
            var calib = SyntheticLayer.Activations(k, calibTokens, s + 1, outlierMeanShare: outlierMeanShare);
            var eval = HeldOut(k, evalTokens, s + 1, outlierMeanShare);
            var full = new MicroScopiQOptions(bits);
            var plain = full with { Gptq = false, ActOrder = false, InlierScaleSearch = false };
            var variants = new (float[] Q, double Frac)[]
            {
                (RtnPerChannel.Quantize(w, n, k, bits), 0),
                Run(w, n, k, plain with { Outliers = false, Pruning = false }, calib, calibTokens),
                Run(w, n, k, plain with { Outliers = false, Pruning = false, InlierScaleSearch = true }, calib, calibTokens),
                Run(w, n, k, plain with { Pruning = false }, calib, calibTokens),
                Run(w, n, k, plain, calib, calibTokens),
                Run(w, n, k, plain with { InlierScaleSearch = true }, calib, calibTokens),
                Run(w, n, k, full with { ActOrder = false }, calib, calibTokens),
                Run(w, n, k, full, calib, calibTokens),
            };
            for (int m = 0; m < variants.Length; m++)
            {
                sums[m] += OutputError.Relative(w, variants[m].Q, n, k, eval, evalTokens);
                fracs[m] += variants[m].Frac;
            }
            var iso = SyntheticLayer.Activations(k, evalTokens, s + 1, rank: 0, tokenSeed: (s + 1) * 31 + 11, outlierMeanShare, includeMean: false);
            double isoErr = OutputError.Energies(w, variants[NoGptqRow].Q, n, k, iso, evalTokens).Error;
            double output = OutputError.Energies(w, w, n, k, eval, evalTokens).Output;
            bound += Math.Sqrt(isoErr / output);
        }
        var rows = Methods.Select((m, i) => new AblationRow(m, bits, sums[i] / shapes.Count, fracs[i] / shapes.Count)).ToList();
        return new AblationResult(rows, bound / shapes.Count);
    }

    /// <summary>Index of the "+ MSE inlier exponent" row: the default quantizer without GPTQ.</summary>
    private const int NoGptqRow = 5;

    /// <summary>Activations with the calibration set's per-feature statistics but independent tokens.</summary>
    public static float[] HeldOut(int k, int t, ulong calibSeed, double outlierMeanShare = 0)
        => SyntheticLayer.Activations(k, t, calibSeed, rank: 8, tokenSeed: calibSeed * 31 + 7, outlierMeanShare);

    private static (float[], double) Run(float[] w, int n, int k, MicroScopiQOptions o, float[] calib, int t)
    {
        var r = MicroScopiQQuantizer.Quantize(w, n, k, o, calib, t);
        return (r.Dequantized, r.OutlierFraction);
    }

    public static string Format(IEnumerable<AblationRow> rows, double? isotropicBound = null)
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine($"{"method",-24} {"bits",4} {"rel. output error",18} {"outliers",9}");
        var list = rows.ToList();
        foreach (var r in list)
            sb.AppendLine($"{r.Method,-24} {r.Bits,4} {r.RelativeError,18:F4} {r.OutlierFraction * 100,8:F2}%");
        if (list.Count == Methods.Length)
            sb.AppendLine($"MicroScopiQ vs MX-INT: {list[1].RelativeError / list[^1].RelativeError:F2}x lower error; vs MX-INT with MSE exponent†: {list[2].RelativeError / list[^1].RelativeError:F2}x († not the OCP rule; the extra baseline row)");
        if (isotropicBound is double b && list.Count == Methods.Length)
            sb.AppendLine($"Lower bound for any error compensation (isotropic part of the no-GPTQ error): {b:F4} = {list[1].RelativeError / b:F2}x below MX-INT; MicroScopiQ reaches {b / list[^1].RelativeError * 100:F1} % of it");
        return sb.ToString();
    }
}
