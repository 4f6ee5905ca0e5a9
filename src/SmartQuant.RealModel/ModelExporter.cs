using SmartQuant.Quant.Sources;

namespace SmartQuant.RealModel;

/// <summary>
/// Writes a quantized model for other runtimes: model.onnx (the original graph with the dequantized float weights) and
/// weights.safetensors (the dequantized weights under their PyTorch names, "….weight", shape [out, in], F32). Each file
/// goes to a temporary name in the same folder first and is renamed into place, so a failure leaves no partial file.
/// </summary>
public static class ModelExporter
{
    public const string OnnxFile = "model.onnx", SafetensorsFile = "weights.safetensors";

    public static void Write(string dir, byte[] onnx, IEnumerable<LinearLayer> layers, IReadOnlyDictionary<string, float[]> weights)
    {
        var tensors = layers.Select(l => (l.WeightName, new long[] { l.Out, l.In }, weights[l.Name])).ToList();
        var st = SafetensorsReader.WriteF32(tensors);
        Directory.CreateDirectory(dir);
        Atomic(Path.Combine(dir, SafetensorsFile), st);
        Atomic(Path.Combine(dir, OnnxFile), onnx);
    }

    private static void Atomic(string path, byte[] data)
    {
        string tmp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllBytes(tmp, data);
            File.Move(tmp, path, overwrite: true);
        }
        finally { if (File.Exists(tmp)) File.Delete(tmp); }
    }
}
