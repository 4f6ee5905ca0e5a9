using SmartQuant.Quant.MicroScopiQ;
using SmartQuant.Quant.Numerics;
using SmartQuant.Quant.Sources;

namespace SmartQuant.Quant.Tests;

/// <summary>One Hessian and factor per layer input, shared by the layers that read it (Q, K, V; gate and up).</summary>
public class CalibrationInputTests
{
    [Fact]
    public void SharedInputGivesIdenticalQuantizedWeightsToSeparateComputation()
    {
        int k = 160, t = 400;
        var x = SyntheticLayer.Activations(k, t, 31);
        for (int i = 0; i < t; i++) x[7 * t + i] = 0; // a dead input: its H diagonal is 0, the factor must not write into H
        var layers = new[] { (128, SyntheticLayer.Weights(128, k, 1)), (256, SyntheticLayer.Weights(256, k, 2)) };
        var shared = CalibrationInput.FromActivations(x, k, t);
        Assert.Equal(0.0, shared[7, 7]);
        foreach (var o in new[] { new MicroScopiQOptions(2) { GptqBlock = 64 }, new MicroScopiQOptions(4) { ActOrder = false } })
            foreach (var (n, w) in layers)
            {
                var separate = MicroScopiQQuantizer.Quantize(w, n, k, o, x, t);
                var reused = MicroScopiQQuantizer.Quantize(w, n, k, o, shared);
                Assert.Equal(separate.Dequantized, reused.Dequantized);
                Assert.True(separate.Tensor!.ContentEquals(reused.Tensor!));
                Assert.Equal(0.0, shared[7, 7]);
            }
        Assert.Equal(2, shared.FactorizationCount); // one per (act-order, damping) setting, not one per layer
    }

    [Fact]
    public void MismatchedInputIsRejected()
    {
        var shared = CalibrationInput.FromActivations(SyntheticLayer.Activations(16, 40, 1), 16, 40);
        var e = Assert.Throws<ArgumentException>(() => MicroScopiQQuantizer.Quantize(new float[128 * 32], 128, 32, new MicroScopiQOptions(2), shared));
        Assert.Contains("16 features", e.Message);
        Assert.Throws<ArgumentException>(() => MicroScopiQQuantizer.Quantize(new float[128 * 16], 128, 16, new MicroScopiQOptions(2), (CalibrationInput?)null));
    }
}
