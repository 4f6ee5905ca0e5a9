using SmartQuant.RealModel.Context;

namespace SmartQuant.RealModel.Tests;

/// <summary>Per-passage head and neuron importance (issue 15, step 1) and the overlap statistics built on it.</summary>
[Collection(RealModelCollection.Name)]
public sealed class ContextImportanceTests(RealModelFixture f)
{
    [Fact]
    public void Blocks_have_bert_geometry()
    {
        var blocks = EncoderBlock.Of(f.Graph);
        Assert.Equal(6, blocks.Count);
        Assert.All(blocks, b => { Assert.Equal(12, b.Heads); Assert.Equal(1536, b.Neurons); Assert.Equal(384, b.Hidden); });
        Assert.Equal("encoder.layer.3.output.dense", blocks[3].FfnDown.Name);
    }

    [Fact]
    public void Importance_matches_a_direct_computation_per_passage()
    {
        var blocks = EncoderBlock.Of(f.Graph);
        var passages = f.Evaluation.Take(3).ToList();
        var imp = UnitImportance.Measure(f.Graph, blocks, passages, chunk: 2);
        Assert.Equal(3, imp.Count);
        // Direct: run the FP32 model on passage 1 alone, form W_o[:, head] · ctx_head for each token and average its norm.
        var b = blocks[1];
        using var runner = new EncoderRunner(f.Graph.Build(extraOutputs: [b.AttnOut.Input, b.FfnDown.Input]));
        var (_, cap) = runner.Run([passages[1]], capture: [b.AttnOut.Input, b.FfnDown.Input]);
        int n = cap!.Tokens, d = EncoderBlock.HeadDim, hid = b.Hidden;
        Assert.Equal(passages[1].Length, n);
        var wo = f.Graph.Weight(b.AttnOut);
        var ctx = cap.Inputs[b.AttnOut.Input];
        for (int h = 0; h < b.Heads; h++)
        {
            double sum = 0;
            for (int t = 0; t < n; t++)
            {
                double sq = 0;
                for (int o = 0; o < hid; o++)
                {
                    double y = 0;
                    for (int a = 0; a < d; a++) y += (double)wo[o * hid + h * d + a] * ctx[(h * d + a) * n + t];
                    sq += y * y;
                }
                sum += Math.Sqrt(sq);
            }
            Assert.Equal(sum / n, imp[1].Heads[1][h], 1e-6 * (sum / n));
        }
        var act = cap.Inputs[b.FfnDown.Input];
        foreach (int u in new[] { 0, 77, 1535 })
        {
            double s = 0;
            for (int t = 0; t < n; t++) s += Math.Abs(act[u * n + t]);
            Assert.Equal(s / n, imp[1].Neurons[1][u], 1e-9);
        }
        // A chunk boundary (chunk 2) does not change a passage's figures: passage 2 alone gives the same.
        var alone = UnitImportance.Measure(f.Graph, blocks, [passages[2]]);
        Assert.Equal(alone[0].Neurons[4], imp[2].Neurons[4]);
        Assert.All(imp, p => Assert.All(p.Heads, hs => Assert.All(hs, v => Assert.True(v > 0))));
    }

    [Fact]
    public void Top_sets_have_exact_sizes_and_overlap_is_bounded()
    {
        Assert.Equal(3, TopSet.Count(12, 0.25));
        Assert.Equal(154, TopSet.Count(1536, 0.1));   // 153.6 rounds to 154
        var mask = TopSet.Of([1.0, 5, 5, 0, 2], 2);
        Assert.Equal([false, true, true, false, false], mask);
        Assert.Equal([true, true, false, false, false], TopSet.Of([1.0, 1, 1, 1, 1], 2));   // ties to the lower index

        var (cal, eval) = ContextTestData.Importance(f);
        var rows = ImportanceOverlap.Measure(cal, eval, 0.25);
        Assert.Equal(12, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal(r.Kind == "heads" ? 3 : 384, r.TopCount);
            Assert.InRange(r.PairJaccard, 0, 1);
            Assert.InRange(r.StaticOverlap, 0, 1);
            Assert.InRange(r.StaticMass, 0, 1 + 1e-12);
            Assert.Equal((double)r.TopCount / (2 * r.Units - r.TopCount), r.RandomJaccard, 12);
        });
        // The same passages as calibration and as both members of every pair: overlap 1.
        var same = ImportanceOverlap.Measure([eval[0]], [eval[0], eval[0]], 0.1);
        Assert.All(same, r => { Assert.Equal(1, r.PairJaccard, 12); Assert.Equal(1, r.StaticOverlap, 12); Assert.Equal(1, r.StaticMass, 12); });
    }
}

/// <summary>
/// FP32 importance of the fixture's 16 calibration and first 8 evaluation passages, measured once for the context
/// tests (they run one after another in the real-model collection; each measurement opens an ONNX Runtime session).
/// </summary>
internal static class ContextTestData
{
    private static readonly Lock Gate = new();
    private static (IReadOnlyList<PassageImportance> Cal, IReadOnlyList<PassageImportance> Eval)? _data;

    public static (IReadOnlyList<PassageImportance> Cal, IReadOnlyList<PassageImportance> Eval) Importance(RealModelFixture f)
    {
        lock (Gate)
        {
            if (_data is null)
            {
                var cal = f.Tokenizer.EncodeAll(f.Split.Calibration);
                var all = UnitImportance.Measure(f.Graph, EncoderBlock.Of(f.Graph), [.. cal, .. f.Evaluation.Take(8)]);
                _data = ([.. all.Take(cal.Count)], [.. all.Skip(cal.Count)]);
            }
            return _data.Value;
        }
    }
}
