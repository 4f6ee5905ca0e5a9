using SmartQuant.Quant.MicroScopiQ;
using SmartQuant.Quant.Numerics;
using SmartQuant.Quant.Mx;
using SmartQuant.Quant.Olive;
using SmartQuant.Quant.Quality;
using SmartQuant.Quant.Sources;

namespace SmartQuant.RealModel;

/// <summary>One quantized layer: Ŵ[Out × In] (dequantized floats), the share of weights kept as outliers, and bits per weight.</summary>
/// <param name="EbwWeights">Bits of the weight codes alone, per weight.</param>
/// <param name="EbwMetadata">Everything stored, per weight: codes plus scales, exponents and outlier records.</param>
public sealed record QuantizedLayer(float[] Dequantized, double OutlierShare, double EbwWeights, double EbwMetadata);

/// <summary>
/// The weight quantizers compared on the real model (CLI names). Metadata is counted as stored: an FP16 scale per
/// output channel (rtn) or per 128 inputs (rtn-g128); an E8M0 exponent per 128-weight block (mxint, mxint-mse: the
/// MicroScopiQ macro-block without outliers) or per 32-input block (mxfp4, the OCP MXFP4 format); an FP16 scale per
/// 128 inputs for olive (outlier–victim pairs mark themselves with a code, no other metadata); MicroScopiQ's
/// full packed size (<see cref="EffectiveBitWidth.Full"/>).
/// </summary>
public static class QuantMethod
{
    /// <summary>Every method, in table order; "microscopiq-synthcal" is MicroScopiQ with GPTQ calibrated on synthetic activations.</summary>
    public static readonly string[] All = ["rtn", "rtn-g128", "mxint", "mxint-mse", "mxfp4", "olive", "microscopiq-nogptq", "microscopiq", "microscopiq-synthcal"];

    /// <summary>The methods of the CLI's --method (the synthetic-calibration variant runs only inside the full eval).</summary>
    public static readonly string[] Public = All[..^1];

    /// <summary>mxfp4 exists only at 4 bits; 8 bits only as rtn, INT8 weights with an FP16 scale per output channel:
    /// the weights of the INT8 (W8A8) mac-array baseline, so every accelerator design has a quality figure.</summary>
    public static bool Supports(string method, int bits) => bits == 8 ? method == "rtn" : method != "mxfp4" || bits == 4;

    public static bool NeedsCalibration(string method) => method is "microscopiq" or "microscopiq-synthcal";

    public static void Validate(string method, int bits)
    {
        if (!All.Contains(method)) throw new ArgumentException($"unknown method '{method}' (one of {string.Join(", ", Public)})");
        if (bits is not (2 or 4 or 8)) throw new ArgumentException($"bits must be 2, 4 or 8, got {bits}");
        if (!Supports(method, bits))
            throw new ArgumentException(bits == 8 ? $"{method} does not exist at 8 bits (only rtn: the INT8 mac-array's weights)" : $"{method} exists only at 4 bits (E2M1 elements)");
    }

    /// <param name="w">W[n × k] row-major (n output channels).</param>
    /// <param name="calibration">X[k × tokens] feature-major, for the GPTQ methods.</param>
    public static QuantizedLayer Quantize(string method, int bits, float[] w, int n, int k, float[]? calibration = null, int tokens = 0)
    {
        Validate(method, bits);
        var full = new MicroScopiQOptions(bits);
        var mx = full with { Gptq = false, ActOrder = false, Outliers = false, Pruning = false, InlierScaleSearch = false };
        switch (method)
        {
            case "rtn": return new(RtnPerChannel.Quantize(w, n, k, bits), 0, bits, bits + 16.0 / k);
            case "rtn-g128": return new(RtnGrouped(w, n, k, bits, 128), 0, bits, bits + 16.0 / 128);
            case "mxint": return new(MicroScopiQQuantizer.Quantize(w, n, k, mx).Dequantized, 0, bits, bits + 8.0 / mx.MacroBlock);
            case "mxint-mse": return new(MicroScopiQQuantizer.Quantize(w, n, k, mx with { InlierScaleSearch = true }).Dequantized, 0, bits, bits + 8.0 / mx.MacroBlock);
            case "mxfp4": return new(MxFp4(w, n, k), 0, 4, 4 + 8.0 / 32);
            case "olive":
                var t = OliveQuantizer.Quantize(w, n, k, bits, 128);
                return new(t.Dequantize(), (double)t.OutlierPairs / w.Length, t.EbwWeights, t.EbwFull);
        }
        var o = method == "microscopiq-nogptq" ? full with { Gptq = false, ActOrder = false } : full;
        if (o.Gptq && (calibration is null || tokens <= 0)) throw new ArgumentException($"{method} needs calibration activations");
        return Packed(MicroScopiQQuantizer.Quantize(w, n, k, o, o.Gptq ? calibration : default, o.Gptq ? tokens : 0));
    }

    /// <summary>
    /// A GPTQ method ("microscopiq", "microscopiq-synthcal") with the layer input's shared Hessian and factor
    /// (<see cref="SharedCalibration"/>, <see cref="SequentialCalibration"/>): bit-identical to passing the activations.
    /// </summary>
    public static QuantizedLayer Quantize(string method, int bits, float[] w, int n, int k, CalibrationInput calibration)
    {
        Validate(method, bits);
        if (!NeedsCalibration(method)) throw new ArgumentException($"{method} does not use calibration activations");
        return Packed(MicroScopiQQuantizer.Quantize(w, n, k, new MicroScopiQOptions(bits), calibration));
    }

    private static QuantizedLayer Packed(QuantizationResult r)
    {
        var ebw = EffectiveBitWidth.Of(r.Tensor!);
        return new(r.Dequantized, r.OutlierFraction, ebw.WeightsOnly, ebw.Full);
    }

    /// <summary>Row order of the eval tables: <see cref="All"/>, with sequentially calibrated MicroScopiQ right after the FP32-calibrated one.</summary>
    public static int TableOrder(string label) =>
        label == CalibrationModes.SequentialLabel ? 2 * Array.IndexOf(All, "microscopiq") + 1 : 2 * Array.IndexOf(All, label);

    /// <summary>Symmetric round-to-nearest INT-bb per group of <paramref name="group"/> consecutive inputs of a row; scale = max|group| / (2^(bb−1) − 1).</summary>
    public static float[] RtnGrouped(float[] w, int n, int k, int bits, int group)
    {
        int maxq = (1 << (bits - 1)) - 1;
        var r = new float[w.Length];
        for (int row = 0; row < n; row++)
            for (int g0 = 0; g0 < k; g0 += group)
            {
                int len = Math.Min(group, k - g0);
                var src = w.AsSpan(row * k + g0, len);
                double amax = 0;
                foreach (float v in src) amax = Math.Max(amax, Math.Abs(v));
                if (amax == 0) continue;
                double s = amax / maxq;
                for (int c = 0; c < len; c++)
                    r[row * k + g0 + c] = (float)(s * Math.Clamp(Rounding.Round(src[c] / s, MxRounding.HalfAwayFromZero), -maxq, maxq));
            }
        return r;
    }

    /// <summary>OCP MXFP4: E2M1 elements, one E8M0 scale per 32 consecutive inputs of a row (the dot-product direction).</summary>
    public static float[] MxFp4(float[] w, int n, int k)
    {
        var r = new float[w.Length];
        var row = new double[k];
        for (int o = 0; o < n; o++)
        {
            for (int c = 0; c < k; c++) row[c] = w[(long)o * k + c];
            int c0 = 0;
            foreach (var b in MxQuantizer.QuantizeBlocks(row, 32, MxElementFormat.E2M1))
            {
                var d = b.Decode();
                for (int i = 0; i < d.Length; i++) r[(long)o * k + c0 + i] = (float)d[i];
                c0 += d.Length;
            }
        }
        return r;
    }

    /// <summary>Synthetic calibration activations X[k × tokens] (the model `quantize --in` uses when no real ones are given).</summary>
    public static float[] SyntheticCalibration(int k, int tokens, ulong seed) => SyntheticLayer.Activations(k, tokens, seed);
}
