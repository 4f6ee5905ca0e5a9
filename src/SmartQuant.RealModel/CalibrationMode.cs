namespace SmartQuant.RealModel;

/// <summary>Where GPTQ's calibration activations come from in the model flow.</summary>
public enum CalibrationMode
{
    /// <summary>Every layer is calibrated on the inputs of the FP32 model.</summary>
    Fp32,
    /// <summary>Layer by layer in graph order, each on the inputs of the model whose earlier layers are already quantized.</summary>
    Sequential,
}

/// <summary>CLI names of <see cref="CalibrationMode"/> and the labels its rows carry in the eval tables.</summary>
public static class CalibrationModes
{
    /// <summary>The method label of MicroScopiQ rows calibrated sequentially (FP32-calibrated rows keep "microscopiq").</summary>
    public const string SequentialLabel = "microscopiq-seqcal";

    public static readonly string[] Names = ["fp32", "sequential"];

    public static CalibrationMode Parse(string name) => name switch
    {
        "fp32" => CalibrationMode.Fp32,
        "sequential" => CalibrationMode.Sequential,
        _ => throw new ArgumentException($"unknown calibration '{name}' (one of {string.Join(", ", Names)})"),
    };
}
