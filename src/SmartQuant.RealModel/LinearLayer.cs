namespace SmartQuant.RealModel;

/// <summary>
/// One encoder linear layer y = x·Wᵀ + b of the ONNX graph. The graph stores the weight transposed, as an [In, Out]
/// initializer consumed by a MatMul; PyTorch (and our quantizer) see it as W[Out × In], Out output channels.
/// </summary>
/// <param name="Name">The PyTorch module name, e.g. "encoder.layer.0.attention.self.query" (from the bias Add).</param>
/// <param name="Initializer">The weight initializer's name in the graph (numeric in this export).</param>
/// <param name="Input">The graph tensor the MatMul multiplies (the layer's activations).</param>
/// <param name="Output">The MatMul's output tensor (x·Wᵀ before the bias).</param>
/// <param name="In">Input features K.</param>
/// <param name="Out">Output channels N.</param>
public sealed record LinearLayer(string Name, string Initializer, string Input, string Output, int In, int Out)
{
    /// <summary>The weight's name in the PyTorch checkpoint.</summary>
    public string WeightName => Name + ".weight";

    /// <summary>"q", "k", "v", "attn-out", "ffn-up" or "ffn-down": which of the six projections of a block it is.</summary>
    public string Kind => Name switch
    {
        _ when Name.EndsWith(".attention.self.query", StringComparison.Ordinal) => "q",
        _ when Name.EndsWith(".attention.self.key", StringComparison.Ordinal) => "k",
        _ when Name.EndsWith(".attention.self.value", StringComparison.Ordinal) => "v",
        _ when Name.EndsWith(".attention.output.dense", StringComparison.Ordinal) => "attn-out",
        _ when Name.EndsWith(".intermediate.dense", StringComparison.Ordinal) => "ffn-up",
        _ when Name.EndsWith(".output.dense", StringComparison.Ordinal) => "ffn-down",
        _ => "other",
    };

    public override string ToString() => $"{Name} [{Out}x{In}]";
}
