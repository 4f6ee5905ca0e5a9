using SmartQuant.Quant.Numerics;

namespace SmartQuant.RealModel;

/// <summary>
/// Sequential calibration (GPTQ's usual practice): the layers are grouped into stages by the input they read, in
/// graph order of that input's first reader; for each stage the model, with every layer of the earlier stages
/// carrying its quantized weights, is run once on the calibration passages to capture the stage's input, one Hessian
/// and factor are built from it, and all of the stage's layers are quantized with them. One ONNX Runtime run per
/// distinct input (24 for MiniLM's 36 layers), not per layer. The first stage sees the FP32 model's input.
/// </summary>
public sealed class SequentialCalibration(EncoderGraph graph, IReadOnlyList<int[]> passages, int batch = 16, int threads = 2,
    Action<string, int, int>? progress = null)
{
    /// <summary>The layers grouped by input, in order of each input's first reader (a topological order of the inputs).</summary>
    public static List<(string Input, List<LinearLayer> Layers)> Stages(IEnumerable<LinearLayer> layers)
    {
        var stages = new List<(string Input, List<LinearLayer> Layers)>();
        foreach (var l in layers)
        {
            int i = stages.FindIndex(s => s.Input == l.Input);
            if (i < 0) stages.Add((l.Input, [l]));
            else stages[i].Layers.Add(l);
        }
        return stages;
    }

    /// <summary>Tokens of the last captured stage (the same for every stage: the calibration passages' real tokens).</summary>
    public int Tokens { get; private set; }

    /// <summary>
    /// Quantizes <paramref name="layers"/> stage by stage; <paramref name="quantize"/> gets a layer and its stage's
    /// calibration input and returns the dequantized W[Out × In], which is written back before the next stage runs.
    /// Returns every layer's dequantized weights by name.
    /// </summary>
    public Dictionary<string, float[]> Run(IReadOnlyList<LinearLayer> layers, Func<LinearLayer, CalibrationInput, float[]> quantize)
    {
        var weights = new Dictionary<string, float[]>();
        var stages = Stages(layers);
        for (int s = 0; s < stages.Count; s++)
        {
            var (input, readers) = stages[s];
            CalibrationInput ci;
            using (var run = new EncoderRunner(graph.Build(weights, [input]), threads))
            {
                var cap = run.Run(passages, batch, [input], (d, t) => progress?.Invoke($"sequential calibration: stage {s + 1}/{stages.Count} activations", d, t)).Captured!;
                Tokens = cap.Tokens;
                ci = CalibrationInput.FromActivations(cap.Inputs[input], cap.Features[input], cap.Tokens);
            }
            foreach (var l in readers) weights[l.Name] = quantize(l, ci);
        }
        return weights;
    }
}
