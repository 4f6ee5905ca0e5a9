using SmartQuant.Quant.Numerics;

namespace SmartQuant.RealModel;

/// <summary>
/// One GPTQ Hessian and one factorization per distinct layer input of FP32 calibration activations, built on first use
/// and reused by every layer that reads the input (in MiniLM: Q, K and V) and by every bit width (the factor depends
/// only on act-order and damping). Quantized weights are bit-identical to building both separately per layer.
/// </summary>
public sealed class SharedCalibration(CapturedActivations captured)
{
    private readonly Dictionary<string, CalibrationInput> _inputs = new();

    /// <summary>Hessians built so far (one per distinct input asked for).</summary>
    public int HessiansBuilt => _inputs.Count;

    /// <summary>The calibration input the layer reads.</summary>
    public CalibrationInput For(LinearLayer l)
    {
        if (!_inputs.TryGetValue(l.Input, out var c))
            _inputs[l.Input] = c = CalibrationInput.FromActivations(captured.Inputs[l.Input], captured.Features[l.Input], captured.Tokens);
        return c;
    }
}
