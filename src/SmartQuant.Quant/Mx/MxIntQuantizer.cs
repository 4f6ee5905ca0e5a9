using SmartQuant.Quant.MicroScopiQ;

namespace SmartQuant.Quant.Mx;

/// <summary>
/// MX-INT-bb weights (bb = 2 or 4) in the MicroScopiQ block orientation: one E8M0 exponent per 128 output channels of
/// an input feature (the macro-block), sign-magnitude codes mag = min(RHAZ(|w| / 2^X), 2^(bb−1) − 1), X = floor(log2
/// max|block|) − (bb − 2) (the OCP rule). It is the MicroScopiQ quantizer with everything outlier-related off (no
/// outliers, no pruning, no GPTQ, no scale search), so its dequantized weights are bit-identical to the eval's "mxint"
/// method; unlike that path it keeps the codes and exponents (a <see cref="QuantizedTensor"/> with no µB records), which
/// is what the mxint-array consumes.
/// </summary>
public static class MxIntQuantizer
{
    /// <summary>Options of the plain MX-INT quantizer: no value is ever an outlier (τ = ∞).</summary>
    public static MicroScopiQOptions Options(int bits) => new(bits)
    {
        Tau = double.PositiveInfinity, Gptq = false, ActOrder = false, InlierScaleSearch = false,
    };

    /// <param name="w">W[n × k] row-major (n output channels).</param>
    public static QuantizedTensor Quantize(ReadOnlySpan<float> w, int n, int k, int bits)
    {
        if (bits is not (2 or 4)) throw new ArgumentException($"MX-INT weights are 2 or 4 bits here, got {bits}");
        return MicroScopiQQuantizer.Quantize(w, n, k, Options(bits)).Tensor!;
    }
}
