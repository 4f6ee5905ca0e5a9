using SmartQuant.Hw.MxIntArray;
using SmartQuant.Models.ArrayBaseline;
using SmartQuant.Models.MxIntArray;
using SmartQuant.Quant.MicroScopiQ;
using SmartQuant.Quant.Mx;
using SmartQuant.Quant.Sources;
using SmartQuant.Sim;
using SmartQuant.Sim.Drivers;

namespace SmartQuant.Baselines.Tests;

/// <summary>The mxint-array golden model against the exact integer product of MX-INT-quantized layers, and its counters.</summary>
public class MxIntGoldenTests
{
    /// <summary>The quantizer the array consumes is the eval's "mxint" (MicroScopiQ with outliers, GPTQ and scale search off), bit for bit.</summary>
    [Theory]
    [InlineData(4)]
    [InlineData(2)]
    public void QuantizerIsTheEvalsMxInt(int bits)
    {
        var w = SyntheticLayer.Weights(256, 32, 7);
        var eval = new MicroScopiQOptions(bits) { Gptq = false, ActOrder = false, Outliers = false, Pruning = false, InlierScaleSearch = false };
        var want = MicroScopiQQuantizer.Quantize(w, 256, 32, eval).Dequantized;
        var q = MxIntQuantizer.Quantize(w, 256, 32, bits);
        Assert.Equal(want, q.Dequantize());
        Assert.All(q.PairCount, p => Assert.Equal(0, p));
    }

    [Theory]
    [InlineData(4, 16, new[] { 0, 10, 40 })]
    [InlineData(4, 1, new[] { 0, 30 })]
    [InlineData(2, 5, new[] { 0, 20 })]
    public void GoldenModelIsExactOnAQuantizedLayer(int bits, int tokensPerTile, int[] stalls)
    {
        var cfg = new MxIntArrayConfig(rows: 4, cols: 4);
        int n = 128, k = 16;
        var q = MxIntQuantizer.Quantize(SyntheticLayer.Weights(n, k, 11), n, k, bits);
        var tiles = new List<ArrayTile>();
        int lanes = MxIntTiling.TileLanes(cfg, bits == 2);
        for (int k0 = 0; k0 < k; k0 += cfg.Rows)
            for (int n0 = 0; n0 < n; n0 += lanes) tiles.Add(MxIntTiling.Plan(cfg, q, k0, n0));
        Assert.Contains(tiles, t => t.Beats.Any(b => b.Shift > 0)); // the block scales really differ between rows
        var (_, run, _) = GoldenRun.Stream("mxint-array", cfg, (c, m) => new MxIntArrayModel((MxIntArrayConfig)c, PortBindings.MxIntArray(m)), MxIntArraySimTests.Ports,
            tiles, (t, x) => MxIntTiling.Expected(cfg, q, t, x), tokensPerTile, stalls, 6000);
        Assert.True(run.Checked > 200, $"only {run.Checked} results checked");
        Assert.True(run.NonZeroLanes > run.Checked, "results are mostly zero: the check would be vacuous");
    }

    /// <summary>Without stalls: one token per cycle after the loads, latency 2 + ArrayLatency, and the counters add up.</summary>
    [Fact]
    public void CountersAndLatency()
    {
        var cfg = new MxIntArrayConfig(rows: 3, cols: 8);
        var tiles = MxIntArraySimTests.RandomTiles(cfg, [4], 2);
        var (model, run, _) = GoldenRun.Stream("mxint-array", cfg, (c, m) => new MxIntArrayModel((MxIntArrayConfig)c, PortBindings.MxIntArray(m)), MxIntArraySimTests.Ports,
            tiles, (t, x) => new long[0], 10, [0], 2000);
        var a = model.ActionCounts;
        Assert.Equal(2 + cfg.ArrayLatency, model.Latency);
        Assert.Equal(2000, a.Cycles);
        Assert.True(a.Tokens > 1500, $"{a.Tokens} tokens in 2000 cycles");
        Assert.InRange(a.OutBufferReads - run.Checked, 0, 1);   // the stimulus sees the last cycle's delivery one cycle later
        Assert.InRange(a.Tokens - a.OutBufferReads, 0, model.Latency + 2);
        Assert.Equal(a.Tokens * cfg.Rows * cfg.Cols, a.Macs4);
        Assert.Equal(0, a.Macs2);
        Assert.Equal(a.Tokens * cfg.Rows * (cfg.Cols + 1), a.ActRegWrites);
        Assert.Equal(a.Tokens * 3, a.SkewRegWrites);        // rows 1 and 2 wait 1 and 2 cycles
        Assert.Equal(a.Tokens * 28, a.DeskewRegWrites);     // columns 0…6 wait 7…1 cycles
        Assert.Equal(0, a.StallCycles);
        Assert.Equal(0, a.DecoderUses);
        Assert.True(a.WeightRegWrites > 0 && a.WeightRegWrites % cfg.Cols == 0);
        Assert.Equal(a.Cycles - a.BusyCycles, a.IdleCycles);
    }
}
