namespace SmartQuant.Models.Cxl.Experiment;

/// <summary>An OPT decoder's weight shapes (Zhang et al. 2022): d_model, FFN width (4·d_model), layers, attention heads.</summary>
public sealed record OptShape(string Name, int Hidden, int Ffn, int Layers, int Heads)
{
    public static OptShape Opt1_3B { get; } = new("OPT-1.3B", 2048, 8192, 24, 32);
    public static OptShape Opt6_7B { get; } = new("OPT-6.7B", 4096, 16384, 32, 32);

    /// <summary>Q, K, V, O (h×h each) plus FC1 (ffn×h) and FC2 (h×ffn); biases and layer norms are negligible and left out.</summary>
    public long WeightsPerLayer => 4L * Hidden * Hidden + 2L * Hidden * Ffn;
    public long Blocks => WeightsPerLayer * Layers / 512;
    public double Gigabytes8Bit => Blocks * 512 / 1e9;
}
