using SmartQuant.RealModel.Context;

namespace SmartQuant.RealModel.Tests;

/// <summary>Precision policies (issue 15, step 2): fractions and widths obeyed exactly, rankings as defined.</summary>
[Collection(RealModelCollection.Name)]
public sealed class ContextPolicyTests(RealModelFixture f)
{
    [Fact]
    public void Policies_obey_fractions_and_widths_exactly()
    {
        var blocks = EncoderBlock.Of(f.Graph);
        var (cal, allEval) = ContextTestData.Importance(f);
        var eval = allEval.Take(3).ToList();
        var scores = new PolicyScores(cal, ImportancePredictor.Train(cal, rank: 4));
        foreach (var kind in new[] { PolicyKind.Static, PolicyKind.Oracle, PolicyKind.Predictor })
            foreach (var (hi, lo, fh, fn) in new[] { (8, 2, 0.25, 0.1), (6, 3, 0.5, 0.05), (4, 4, 1.0, 0.0) })
            {
                var p = new PrecisionPolicy(kind, hi, lo, fh, fn);
                foreach (var passage in eval)
                {
                    var bits = scores.For(p, passage);
                    for (int b = 0; b < blocks.Count; b++)
                    {
                        Assert.All(bits.Heads[b].Concat(bits.Neurons[b]), k => Assert.True(k == hi || k == lo));
                        if (hi == lo) continue;
                        Assert.Equal(TopSet.Count(12, fh), bits.Heads[b].Count(k => k == hi));
                        Assert.Equal(TopSet.Count(1536, fn), bits.Neurons[b].Count(k => k == hi));
                    }
                    if (kind == PolicyKind.Oracle && hi != lo)   // every high-width neuron is at least as important as every low-width one
                        for (int b = 0; b < blocks.Count; b++)
                        {
                            var imp = passage.Neurons[b];
                            double minHigh = Enumerable.Range(0, imp.Length).Where(u => bits.Neurons[b][u] == hi).Min(u => imp[u]);
                            double maxLow = Enumerable.Range(0, imp.Length).Where(u => bits.Neurons[b][u] == lo).Max(u => imp[u]);
                            Assert.True(minHigh >= maxLow);
                        }
                }
                if (kind == PolicyKind.Static)   // one assignment for every passage
                    Assert.Equal(scores.For(p, eval[0]).Neurons[3], scores.For(p, eval[2]).Neurons[3]);
            }
        // Mean bits weigh a head (4·32·384 weights) against a neuron (2·384): 25 % of heads and 10 % of neurons at 8, rest 2.
        var mix = scores.For(new PrecisionPolicy(PolicyKind.Oracle, 8, 2, 0.25, 0.1), eval[0]);
        double heads = 4 * 32 * 384.0 * 12, neurons = 2 * 384.0 * 1536;
        double expected = ((3 * 8 + 9 * 2) * 4 * 32 * 384.0 + (154 * 8 + 1382 * 2) * 2 * 384.0) / (heads + neurons);
        Assert.Equal(expected, mix.MeanBits(384), 12);
        Assert.All(scores.For(PrecisionPolicy.Uniform(3), eval[1]).Neurons, n => Assert.All(n, k => Assert.Equal(3, k)));
        Assert.Throws<ArgumentException>(() => scores.For(new PrecisionPolicy(PolicyKind.Oracle, 2, 4, 0.1, 0.1), eval[0]));
    }

    [Fact]
    public void Predictor_uses_only_the_block_inputs_and_is_reproducible()
    {
        var (cal, _) = ContextTestData.Importance(f);
        var a = ImportancePredictor.Train(cal, rank: 4, seed: 5);
        var b = ImportancePredictor.Train(cal, rank: 4, seed: 5);
        var p = cal[0];
        Assert.Equal(a.Predict(p).Neurons[2], b.Predict(p).Neurons[2]);
        // Only the inputs matter: a passage with its measured importance erased predicts the same.
        var blind = p with { Heads = [.. p.Heads.Select(h => new double[h.Length])], Neurons = [.. p.Neurons.Select(n => new double[n.Length])] };
        Assert.Equal(a.Predict(p).Heads[1], a.Predict(blind).Heads[1]);
        Assert.Equal(384 * 4 + 5 * 12 + 384 * 4 + 5 * 1536, a.Parameters[0]);
        Assert.Throws<ArgumentException>(() => ImportancePredictor.Train([.. cal.Take(4)], rank: 4));
    }
}
