using SmartQuant.Hdl;
using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw;
using SmartQuant.Hw.MicroScopiQ;
using SmartQuant.Models.MicroScopiQ;
using SmartQuant.Quant.MicroScopiQ;
using SmartQuant.Sim;

namespace SmartQuant.MicroScopiQ.Tests;

/// <summary>
/// G shared ReCoN units (round-robin, global stall): RTL against the golden model under conflict (every output and
/// counter, every cycle), conflicts and stalls really happen (and never with one unit per row), exact results.
/// Small on purpose: 4×8 with two units (plus one and three for the unit count's own logic: chain ports, arbiter
/// picks), a few thousand cycles.
/// </summary>
public class SharedReconTests
{
    private static MicroScopiQConfig Shared(int reconUnits = 2, bool reconRowGroups = false, int rows = 4) =>
        new(rows: rows, cols: 8, reconUnits: reconUnits, reconRowGroups: reconRowGroups);

    /// <summary>Two units, as a pool and as row groups: one Verilator build each, in <c>make test</c>.</summary>
    [Theory]
    [InlineData("recon-conflict", 2)]
    [InlineData("gemm-bb2", 2)]
    [InlineData("gemv-bb4", 2)]
    [InlineData("recon-conflict", 2, true)]
    [InlineData("gemm-bb2", 2, true)]
    public void RtlMatchesGoldenModelUnderConflict(string test, int units, bool rowGroups = false) => CoSimulate(test, units, rowGroups);

    /// <summary>
    /// One and three units (the chain's single-port and non-dividing arbiter cases): two more Verilator builds of the
    /// array, so they run in the extended tier (<c>make regress</c>), not in <c>make test</c>.
    /// </summary>
    [Theory]
    [Trait("Tier", "extended")]
    [InlineData("recon-conflict", 1)]
    [InlineData("adversarial", 1)]
    [InlineData("recon-conflict", 3)]
    public void RtlMatchesGoldenModelUnderConflictOtherUnitCounts(string test, int units) => CoSimulate(test, units, false);

    private static void CoSimulate(string test, int units, bool rowGroups)
    {
        var cfg = Shared(reconUnits: units, reconRowGroups: rowGroups);
        var r = LockstepEngine.Run(SimTestCatalog.Find("microscopiq", test), new SimOptions { Config = cfg, Cycles = 3000, Seed = 7 });
        Assert.True(r.Passed, r.Divergence?.ToString());
    }

    /// <summary>Counters of the golden model after the co-simulation stimulus of a test, and the tokens delivered.</summary>
    private static (Dictionary<string, ulong> Counters, long Delivered) Run(MicroScopiQConfig cfg, string test, long cycles)
    {
        var map = DesignCatalog.Find("microscopiq").BoundPortMap(cfg);
        var t = SimTestCatalog.Find("microscopiq", test);
        var golden = t.CreateGolden(cfg, map);
        var driver = t.CreateDriver(cfg, map, 7);
        var ports = PortBindings.MicroScopiQ(map);
        var (inputs, outputs) = (map.NewInputs(), map.NewOutputs());
        long delivered = 0;
        golden.Reset();
        for (long c = 0; c < cycles; c++)
        {
            driver.Drive(c, inputs, outputs);
            golden.Evaluate(inputs, outputs);
            if (outputs[ports.OutValid] != 0 && inputs[ports.OutReady] != 0) delivered++;
            golden.Tick(inputs);
        }
        golden.Evaluate(inputs, outputs);
        return (MicroScopiQCounters.For(cfg).Select((e, i) => (e.Name, Value: outputs[ports.Counters[i]])).ToDictionary(x => x.Name, x => x.Value), delivered);
    }

    [Fact]
    public void ConflictsAndStallsHappenOnlyWithSharedUnits()
    {
        const long cycles = 3000;
        var (perRow, perRowDelivered) = Run(Shared(reconUnits: 0), "recon-conflict", cycles);
        var (rowsUnits, _) = Run(Shared(reconUnits: Shared().Rows), "recon-conflict", cycles);
        Assert.Equal(0UL, perRow[MicroScopiQCounters.Conflicts.Name]);
        Assert.Equal(0UL, rowsUnits[MicroScopiQCounters.Conflicts.Name]);
        Assert.False(perRow.ContainsKey(MicroScopiQCounters.ReconStalls.Name));
        Assert.True(perRow[MicroScopiQCounters.Recon.Name] > 0);

        double lastRate = 0;
        long lastDelivered = perRowDelivered;
        foreach (var g in new[] { 2, 1 })
        {
            var (c, delivered) = Run(Shared(reconUnits: g), "recon-conflict", cycles);
            ulong conflicts = c[MicroScopiQCounters.Conflicts.Name], stalls = c[MicroScopiQCounters.ReconStalls.Name];
            double rate = (double)conflicts / c[MicroScopiQCounters.Recon.Name];
            Assert.True(conflicts > 0 && rate > lastRate, $"G={g}: {conflicts} conflicts, rate {rate:P1} (G+1: {lastRate:P1})");
            Assert.True(stalls > 0, $"G={g}: no ReCoN stall");
            Assert.True(delivered < lastDelivered, $"G={g}: {delivered} tokens, not fewer than {lastDelivered} with more units");
            // A stall of P waiting requests lasts ceil(P/G) - 1 cycles and makes P - G of them wait.
            Assert.True(conflicts >= stalls, $"G={g}: {conflicts} conflicts < {stalls} stall cycles");
            (lastRate, lastDelivered) = (rate, delivered);
        }
    }

    /// <summary>
    /// Every row holds outliers and tokens stream back to back: in steady state every row requests every step, so a
    /// step takes ceil(Rows / G) cycles. With no output back-pressure every cycle either advances or is a ReCoN stall.
    /// </summary>
    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    public void SteadyStateStepTakesRowsOverUnitsCycles(int g)
    {
        var cfg = Shared(reconUnits: g);
        var q = MicroScopiQLayers.Random(16, 4, 2, seed: 9, adversarial: true, maxDeltaO: 6);
        const int tokens = 60;
        var r = StreamExact(cfg, q, [.. Enumerable.Range(0, tokens).Select(i => new[] { i - 30, 7 - i, 127, -127 })]);
        Assert.Equal(r.Latency + tokens + r.Stalls, r.Cycles);
        int perStep = (cfg.Rows + g - 1) / g - 1;
        Assert.InRange(r.Stalls, (long)perStep * (tokens - cfg.Rows), (long)perStep * (tokens + cfg.Rows));
    }

    /// <summary>
    /// Loads the first tile of <paramref name="q"/> into the golden model, streams <paramref name="xs"/> back to back
    /// and checks every result against the exact integer result; returns the cycles the stream took and the ReCoN
    /// stalls and conflicts counted meanwhile.
    /// </summary>
    private static (long Cycles, long Stalls, long Conflicts, long Latency) StreamExact(MicroScopiQConfig cfg, QuantizedTensor q, List<int[]> xs)
    {
        var map = DesignCatalog.Find("microscopiq").BoundPortMap(cfg);
        var model = new MicroScopiQModel(cfg, SmartQuant.Sim.PortBindings.MicroScopiQ(map));
        model.Reset();
        var drv = new MicroScopiQDriver(cfg, model.Ports, model);
        var tile = MicroScopiQTiling.Plan(cfg, q, 0, 0);
        drv.Load(tile, 0);
        ulong stalls0 = drv.Counter(MicroScopiQCounters.ReconStalls), conflicts0 = drv.Counter(MicroScopiQCounters.Conflicts);
        long before = drv.Cycles;
        var outs = drv.Stream(xs, 0, true);
        for (int t = 0; t < xs.Count; t++) Assert.Equal(MicroScopiQTiling.Expected(cfg, q, tile, xs[t]), outs[t]);
        return (drv.Cycles - before, (long)(drv.Counter(MicroScopiQCounters.ReconStalls) - stalls0),
            (long)(drv.Counter(MicroScopiQCounters.Conflicts) - conflicts0), model.Latency);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(4, 2)]
    public void GoldenModelExactWithSharedUnits(int bb, int g)
    {
        var cfg = Shared(reconUnits: g);
        GoldenModelTests.RunLayer(cfg, MicroScopiQLayers.Random(32, 8, bb, seed: 5, adversarial: true, maxDeltaO: 15), tokens: 6, seed: 4, stall: 0.2);
        GoldenModelTests.RunLayer(cfg, MicroScopiQLayers.Random(32, 8, bb, seed: 6, outlierRate: 0.3), tokens: 5, seed: 3, stall: 0.3);
    }

    /// <summary>
    /// Design B (row groups): only rows 0 and 1 hold weights (K = 2), both in group 0. The pool's two units serve them
    /// together (no ReCoN stall); with groups, unit 0 serves both, one after the other (a stall per step), and
    /// unit 1 idles. Results stay exact either way.
    /// </summary>
    [Fact]
    public void RowGroupsStallWhereThePoolDoesNot()
    {
        var q = MicroScopiQLayers.Random(16, 2, 2, seed: 9, adversarial: true, maxDeltaO: 6);
        const int tokens = 40;
        var xs = Enumerable.Range(0, tokens).Select(i => new[] { i - 20, 9 - i, 0, 0 }).ToList();
        foreach (var groups in new[] { false, true })
        {
            var r = StreamExact(Shared(reconUnits: 2, reconRowGroups: groups), q, xs);
            // Row 1's tap holds the token after row 0's: both request at tokens − 1 positions (not the first or last).
            long expected = groups ? tokens - 1 : 0;
            Assert.Equal(expected, r.Stalls);
            Assert.Equal(expected, r.Conflicts);
        }
    }

    [Fact]
    public void RowGroupsNeedUnitsThatDivideTheRows()
    {
        var e = Assert.Throws<ConfigException>(() => Shared(rows: 6, reconUnits: 4, reconRowGroups: true));
        Assert.Contains("SharedReconTests.cs:20: reconRowGroups: needs shared units that divide the rows", e.Message);
        Assert.DoesNotContain("MicroScopiQConfig", e.Message);
        Assert.Throws<ConfigException>(() => Shared(reconUnits: 0, reconRowGroups: true));
        Shared(rows: 8, reconUnits: 4, reconRowGroups: true);
    }
}
