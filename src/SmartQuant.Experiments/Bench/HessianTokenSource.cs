using SmartQuant.Quant.Sources;

namespace SmartQuant.Experiments.Bench;

/// <summary>
/// Token-major activation batches for the Hessian and GPTQ benchmarks, generated on demand so T can exceed what memory
/// (or a .NET array) holds: feature c of token t is scale_c·(u₁ + u₂ − 1) with u uniform (a cheap bell shape), scale_c
/// log-spread per feature, 1 % of features 15× larger (activation outliers). Batch b comes from its own seed, so any
/// batch can be replayed alone; the values are not meant to match <see cref="SyntheticLayer.Activations"/>.
/// </summary>
public sealed class HessianTokenSource
{
    private readonly int _k;
    private readonly ulong _seed;
    private readonly float[] _scale;

    public HessianTokenSource(int features, ulong seed)
    {
        _k = features; _seed = seed;
        var rng = new SplitMix64(seed);
        _scale = new float[features];
        for (int c = 0; c < features; c++) _scale[c] = (float)(Math.Exp(0.5 * rng.NextGaussian()) * (rng.NextDouble() < 0.01 ? 15 : 1));
    }

    /// <summary>Fills <paramref name="batch"/> (tokens × K, token-major) with batch number <paramref name="index"/>.</summary>
    public void Fill(long index, Span<float> batch)
    {
        var rng = new SplitMix64(_seed ^ (0x9E3779B97F4A7C15UL * (ulong)(index + 1)));
        for (int i = 0; i < batch.Length; i++)
        {
            ulong r = rng.Next();
            float u1 = (r >> 40) * (1f / (1 << 24)), u2 = ((r >> 8) & 0xFFFFFF) * (1f / (1 << 24));
            batch[i] = _scale[i % _k] * (u1 + u2 - 1);
        }
    }
}
