using SmartQuant.Models.Energy;

namespace SmartQuant.MicroScopiQ.Tests;

/// <summary>
/// The energy model's accounting (docs/energy-model.md): energy = Σ action count × table entry, exactly; the breakdown
/// sums to the total; and the action counts of the analytical schedule equal those made from the golden models'
/// counters on small GEMMs and GEMVs.
/// </summary>
public class EnergyModelTests
{
    private static readonly EnergyTable Table = EnergyTable.Default45nm();

    [Fact]
    public void Energy_is_counts_times_table_and_the_breakdown_sums_to_it()
    {
        var rng = new Random(5);
        var counts = new ActionCounts();
        foreach (var a in EnergyActions.All) counts.Add(a, rng.NextInt64(0, 1L << 36));
        var e = EnergyBreakdown.Of(counts, Table);
        System.Numerics.BigInteger expected = 0;
        foreach (var a in EnergyActions.All) expected += (System.Numerics.BigInteger)counts[a] * Table[a].Attojoules;
        Assert.Equal(expected, (System.Numerics.BigInteger)e.Attojoules);
        Assert.Equal(e.Attojoules, Enum.GetValues<EnergyCategory>().Sum(e.Category));
        foreach (var a in EnergyActions.All) Assert.Equal(counts[a] * Table[a].Attojoules, e.ByAction[a]);
    }

    [Fact]
    public void Every_action_has_a_positive_price_and_a_source()
    {
        foreach (var a in EnergyActions.All)
        {
            Assert.True(Table[a].Attojoules > 0, a.Name);
            Assert.False(string.IsNullOrWhiteSpace(Table[a].Source), a.Name);
        }
        // A narrower multiplier never costs more; DRAM costs more per bit than on-chip SRAM.
        Assert.True(Table[EnergyActions.Mac2x8].Attojoules < Table[EnergyActions.Mac4x8].Attojoules);
        Assert.True(Table[EnergyActions.Mac4x8].Attojoules < Table[EnergyActions.Mac8x8].Attojoules);
        Assert.True(Table[EnergyActions.DramReadBit].Attojoules > Table[EnergyActions.SramReadBit].Attojoules);
    }

    [Fact]
    public void A_layer_run_adds_its_dram_bits_at_the_stored_width()
    {
        var d = new MxIntDesign(8, 8, new SmartQuant.Sim.Energy.GoldenArrayCounters());
        var run = d.Run(new LayerShape("l", 128, 256), 4);
        Assert.Equal(128L * 256 * 4 + 128L * 256 / 128 * 8, run.DramBits);
        Assert.Equal(run.DramBits, run.Actions[EnergyActions.DramReadBit]);
    }

    public static TheoryData<string, int, int, int, int, int> Cases() => new()
    {
        // design, rows, cols, N, K, tokens (GEMM and GEMV)
        { "int8", 3, 4, 10, 9, 5 },
        { "int8", 4, 4, 8, 8, 1 },
        { "microscopiq-4", 4, 8, 32, 12, 3 },
        { "microscopiq-4", 4, 8, 16, 8, 1 },
        { "microscopiq-2", 4, 8, 32, 12, 2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Golden_counts_equal_the_analytical_schedule(string name, int rows, int cols, int n, int k, int tokens)
    {
        const int seed = 11;
        AcceleratorDesign design = name switch
        {
            "int8" => new MacArrayDesign(rows, cols),
            "microscopiq-4" => new MicroScopiQDesign(rows, cols, 4, 4.35),
            _ => new MicroScopiQDesign(rows, cols, 2, 2.35),
        };
        var layer = design is MicroScopiQDesign m ? GoldenScheduleEvents.MicroScopiQLayer(m, n, k, seed) : new LayerShape("random", n, k);
        var golden = GoldenScheduleEvents.ByDesign[design.Name](design, layer, tokens, seed);
        var analytical = design.Schedule(layer, tokens);
        Assert.Equal(analytical, golden);
        Assert.True(design.Actions(golden).SameAs(design.Actions(analytical)));
        if (design is MicroScopiQDesign) Assert.True(golden.ReconTraversals > 0, "the random layer should send some rows through ReCoN");
    }

    /// <summary>No design is analytical: each either has its schedule checked against its golden model above, or takes
    /// its counts from its golden model's counters (the baseline arrays, tests/SmartQuant.Baselines.Tests/EnergyCountTests.cs).</summary>
    [Fact]
    public void Every_design_counts_from_its_golden_model()
    {
        AcceleratorDesign[] all = [new MacArrayDesign(4, 4), new MicroScopiQDesign(4, 8, 4, 4.35), new MxIntDesign(4, 8), new OliveDesign(4, 8)];
        foreach (var d in all)
        {
            Assert.False(d.Analytical, d.Name);
            Assert.True(GoldenScheduleEvents.ByDesign.ContainsKey(d.Name) ^ d is StreamArrayDesign, d.Name);
        }
    }
}
