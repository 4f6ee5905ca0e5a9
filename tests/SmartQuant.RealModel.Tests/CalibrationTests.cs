using SmartQuant.Quant.Numerics;
using SmartQuant.RealModel;

namespace SmartQuant.RealModel.Tests;

/// <summary>The model flow's calibration: one Hessian per distinct layer input, and sequential calibration.</summary>
[Collection(RealModelCollection.Name)]
public sealed class CalibrationTests(RealModelFixture f)
{
    private List<int[]> Calibration(int passages) => f.Tokenizer.EncodeAll(f.Split.Calibration.Take(passages).ToList());

    /// <summary>FP32 activations of one graph tensor on the passages.</summary>
    private CapturedActivations Capture(IReadOnlyDictionary<string, float[]>? weights, string input, List<int[]> passages)
    {
        using var run = new EncoderRunner(f.Graph.Build(weights, [input]));
        return run.Run(passages, 16, [input]).Captured!;
    }

    [Fact]
    public void Q_K_V_share_one_Hessian_and_factor_and_get_the_weights_of_separate_computation()
    {
        var qkv = f.Graph.Layers.Take(3).ToList();
        Assert.Single(qkv.Select(l => l.Input).Distinct());
        var cal = Capture(null, qkv[0].Input, Calibration(8));
        var shared = new SharedCalibration(cal);
        foreach (var l in qkv)
        {
            var w = f.Graph.Weight(l);
            var separate = QuantMethod.Quantize("microscopiq", 4, w, l.Out, l.In, cal.Of(l), cal.Tokens);
            var reused = QuantMethod.Quantize("microscopiq", 4, w, l.Out, l.In, shared.For(l));
            Assert.Equal(separate.Dequantized, reused.Dequantized);
            Assert.Equal(separate.EbwMetadata, reused.EbwMetadata);
        }
        Assert.Equal(1, shared.HessiansBuilt);
        Assert.Equal(1, shared.For(qkv[0]).FactorizationCount);
    }

    [Fact]
    public void Sequential_calibration_feeds_the_second_stage_the_partially_quantized_models_input()
    {
        var layers = f.Graph.Layers.Take(4).ToList(); // q, k, v (stage 1) and attn-out (stage 2)
        var stages = SequentialCalibration.Stages(layers);
        Assert.Equal([3, 1], stages.Select(s => s.Layers.Count));
        var passages = Calibration(4);
        var seen = new Dictionary<string, CalibrationInput>();
        var seq = new SequentialCalibration(f.Graph, passages).Run(layers, (l, ci) =>
        {
            seen[l.Name] = ci;
            return QuantMethod.Quantize("microscopiq", 4, f.Graph.Weight(l), l.Out, l.In, ci).Dequantized;
        });
        Assert.Same(seen[layers[0].Name], seen[layers[2].Name]); // one Hessian per stage

        // Stage 1 sees the FP32 model's input: the same weights as FP32-input calibration.
        var fp32 = new SharedCalibration(Capture(null, layers[0].Input, passages));
        foreach (var l in layers.Take(3))
            Assert.Equal(QuantMethod.Quantize("microscopiq", 4, f.Graph.Weight(l), l.Out, l.In, fp32.For(l)).Dequantized, seq[l.Name]);

        // Stage 2's Hessian is that of the model with stage 1's quantized weights written back, not the FP32 one.
        var attn = layers[3];
        var partial = Capture(layers.Take(3).ToDictionary(l => l.Name, l => seq[l.Name]), attn.Input, passages);
        var expected = CalibrationInput.FromActivations(partial.Of(attn), attn.In, partial.Tokens);
        var fp32Attn = CalibrationInput.FromActivations(Capture(null, attn.Input, passages).Of(attn), attn.In, partial.Tokens);
        var got = seen[attn.Name];
        int same = 0, sameAsFp32 = 0;
        for (int i = 0; i < attn.In; i++)
            for (int j = 0; j < attn.In; j++)
            {
                same += got[i, j] == expected[i, j] ? 1 : 0;
                sameAsFp32 += got[i, j] == fp32Attn[i, j] ? 1 : 0;
            }
        Assert.Equal(attn.In * attn.In, same);
        Assert.True(sameAsFp32 < attn.In * attn.In / 100, $"{sameAsFp32} Hessian entries equal the FP32 model's");
        var fromFp32 = QuantMethod.Quantize("microscopiq", 4, f.Graph.Weight(attn), attn.Out, attn.In, fp32Attn).Dequantized;
        Assert.NotEqual(fromFp32, seq[attn.Name]);
    }

    [Fact]
    public void Eval_reports_sequential_beside_fp32_calibration()
    {
        var o = new EvalOptions
        {
            Layers = 4, CalibrationPassages = 4, EvaluationPassages = 8, ErrorPassages = 4, Seed = 5,
            Methods = ["microscopiq"], Bits = [4], Calibrations = [CalibrationMode.Fp32, CalibrationMode.Sequential],
        };
        var r = new RealModelEval(o).Run();
        Assert.Equal(["microscopiq", CalibrationModes.SequentialLabel], r.Methods.Select(m => m.Method));
        var fp32 = r.Layers.Where(l => l.Method == "microscopiq").ToList();
        var seq = r.Layers.Where(l => l.Method == CalibrationModes.SequentialLabel).ToList();
        Assert.Equal(fp32.Select(l => l.Layer), seq.Select(l => l.Layer));
        for (int i = 0; i < 3; i++) Assert.Equal(fp32[i].RelativeError, seq[i].RelativeError); // stage 1: same weights
        Assert.NotEqual(fp32[3].RelativeError, seq[3].RelativeError);
        Assert.All(r.Methods, m => Assert.InRange(m.MeanCosine, 0.9, 1));
        Assert.Contains(CalibrationModes.SequentialLabel, EvalTables.Summary(r, markdown: true));
        Assert.Throws<ArgumentException>(() => CalibrationModes.Parse("fp16"));
    }
}
