using SmartQuant.RealModel.Context;

namespace SmartQuant.RealModel.Tests;

/// <summary>A small end-to-end run of the context-precision experiment (issue 15): few passages, two served blocks.</summary>
[Collection(RealModelCollection.Name)]
public sealed class ContextExperimentTests
{
    [Fact]
    public void Small_end_to_end_run_on_two_blocks()
    {
        var o = new ContextOptions
        {
            CalibrationPassages = 20, EvaluationPassages = 8, Seed = 3, Blocks = 2, Uniform = [8, 4], Widths = [(8, 4)], Fractions = [0.25],
            OverlapFractions = [0.25], BothRoundings = false, Baselines = ["rtn-g128", "microscopiq"], BaselineBits = [4], StorePassages = 1, PredictorRank = 4,
        };
        var r = new ContextExperiment(o).Run();
        Assert.Equal(2, r.ServedBlocks);
        Assert.Equal(2 * 3456 * 512L, r.ServedWeights);
        Assert.Equal(12, r.Overlap[0.25].Count);   // 6 blocks × heads, neurons (importance covers the whole model)
        Assert.Equal(["uniform 8", "uniform 4", "static 8/4 h25% n25%", "oracle 8/4 h25% n25%", "predictor 8/4 h25% n25%", "rtn-g128 4", "microscopiq 4"], r.Rows.Select(x => x.Name));
        PolicyRow Row(string kind) => r.Rows.Single(x => x.Kind == kind || x.Name == kind);
        double scales = 16.0 / 384;
        Assert.Equal(8 + scales, Row("uniform 8").LinkBits, 12);
        Assert.Equal(4 + scales, Row("uniform 4").LinkBits, 12);
        // 3 of 12 heads and 384 of 1536 neurons at 8 bits, the rest at 4: 5 bits a unit weight; shared pair blocks push the served bits above it.
        Assert.Equal(5, Row("static").UnitBits, 12);
        Assert.Equal(5, Row("oracle").UnitBits, 12);
        Assert.InRange(Row("static").LinkBits - scales, 5, 5.5);
        Assert.True(Row("predictor").LinkBits > Row("oracle").LinkBits - 0.3);   // the probe's own parameters are charged
        Assert.True(Row("uniform 8").MeanCosine > 0.999);
        Assert.All(r.Rows, x => Assert.InRange(x.MeanCosine, 0.5, 1));
        Assert.True(Row("uniform 4").EnergyUj < Row("static").EnergyUj && Row("static").EnergyUj < Row("uniform 8").EnergyUj);
        Assert.True(Row("uniform 4").LoadUs < Row("uniform 8").LoadUs);
        // Full precision: 8 lines a block; the baseline reads its packed size in whole blocks of 8 lines.
        Assert.Equal(2 * 3456 * 8 * 64 / 1e6, Row("uniform 8").DramMB, 9);
        Assert.Equal(Math.Ceiling(2 * 3456 * 512 * (4 + 16.0 / 128) / 4096) * 8 * 64 / 1e6, Row("rtn-g128 4").DramMB, 9);
        // MicroScopiQ with GPTQ on the calibration passages: its EBW with metadata, and better than RTN g128 end to end.
        Assert.InRange(Row("microscopiq 4").LinkBits, 4.2, 4.5);
        Assert.True(Row("microscopiq 4").MeanCosine > Row("rtn-g128 4").MeanCosine,
            $"microscopiq 4 {Row("microscopiq 4").MeanCosine} vs rtn-g128 4 {Row("rtn-g128 4").MeanCosine}");
        Assert.InRange(Row("predictor").Recall, 0, 1);
        Assert.True(double.IsNaN(Row("oracle").Recall));
    }

    [Fact]
    public void Matched_saving_takes_the_cheapest_point_within_the_tolerance()
    {
        PolicyRow Row(string name, double cos, double energy, double load) => new(name, "static", "truncate", 0, 0, cos, cos, 0, energy, load, 0, 0, double.NaN);
        var u8 = Row("u8", 0.999, 1000, 200);
        var rows = new[] { u8, Row("a", 0.9941, 700, 150), Row("b", 0.9939, 500, 100), Row("c", 0.9960, 800, 120) };
        var s = MatchedSaving.Against(u8, rows);
        Assert.Equal("a", s.LeastEnergy!.Name);   // b is 0.0051 below: outside
        Assert.Equal("c", s.Fastest!.Name);
        Assert.Equal(0.3, s.Energy, 12);
        Assert.Equal(0.4, s.Latency, 12);
        var none = MatchedSaving.Against(u8, [u8, Row("b", 0.9939, 500, 100)]);
        Assert.Null(none.LeastEnergy);
        Assert.Equal(0, none.Energy);
    }
}
