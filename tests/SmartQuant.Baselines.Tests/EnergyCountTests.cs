using SmartQuant.Models.Energy;
using SmartQuant.Sim;
using SmartQuant.Sim.Energy;

namespace SmartQuant.Baselines.Tests;

/// <summary>
/// The energy model's counts for the baseline arrays (docs/energy-model.md §3): a layer's energy is the golden model's
/// counter values × the register widths of docs/baseline-arrays.md × the table, and the RTL's counters equal the golden
/// model's over the same run (co-simulated on the default 4×4 builds the co-simulation tests already make).
/// </summary>
public class EnergyCountTests
{
    private static readonly EnergyTable Table = EnergyTable.Default45nm();

    public static TheoryData<string> Designs => new() { "mxint4", "olive" };

    private static StreamArrayDesign Design(string name, GoldenArrayCounters src) =>
        name == "mxint4" ? new MxIntDesign(4, 4, src) : new OliveDesign(4, 4, src);

    /// <summary>16 outputs × 12 inputs (3 K-tiles × 4 N-tiles on 4×4), 3 tokens per tile.</summary>
    private static readonly LayerShape Layer = new("small", 16, 12);
    private const int Tokens = 3;

    [Theory]
    [MemberData(nameof(Designs))]
    public void Energy_is_the_golden_counters_times_word_widths_times_the_table(string name)
    {
        var d = Design(name, new GoldenArrayCounters());
        var run = d.Run(Layer, Tokens);
        var c = run.Events.Counters!;
        const long tiles = 12, rows = 4, cols = 4, acc = 32;
        // The counters themselves (docs/baseline-arrays.md, "Counters"): every tile once, every token through 4×4 PEs.
        Assert.Equal(tiles * Tokens, c.Tokens);
        Assert.Equal(tiles * Tokens * rows * cols, c.Macs4);
        Assert.Equal(tiles * Tokens, c.OutBufferReads);
        Assert.Equal(tiles * rows * cols, c.WeightRegWrites);   // mxint: C per row beat; olive: 2·C per pair beat
        Assert.True(c.Cycles > tiles * Tokens && c.Cycles == run.Events.Cycles);

        // The same energy written out from the docs' word widths, independently of the design class.
        long regBits = name == "mxint4"
            ? c.WeightRegWrites * 4 + c.WeightRegWrites / cols * 3 + c.ActRegWrites * 15 + c.PsumRegWrites * acc
              + c.SkewRegWrites * 10 + c.DeskewRegWrites * 2 * acc + c.OutBufferWrites * 2 * cols * acc
            : c.WeightRegWrites * 7 + c.ActRegWrites * 8 + c.PsumRegWrites * acc + c.SkewRegWrites * 10
              + c.DeskewRegWrites * acc + c.OutBufferWrites * cols * acc;
        long rowBits = name == "mxint4" ? cols * 4 + 3 : cols * 4;
        long sramRead = tiles * rows * rowBits + c.Tokens * rows * 8 + (tiles - 4) * Tokens * cols * acc;   // K-tiles after the first read partial sums back
        long sramWrite = c.Tokens * cols * acc;
        long expected = c.Macs4 * Table[name == "mxint4" ? EnergyActions.Mac4x8 : EnergyActions.Mac8x8].Attojoules
            + regBits * Table[EnergyActions.RegisterBit].Attojoules
            + c.DecoderUses * Table[EnergyActions.OlivePairDecode].Attojoules
            + sramRead * Table[EnergyActions.SramReadBit].Attojoules + sramWrite * Table[EnergyActions.SramWriteBit].Attojoules
            + run.DramBits * Table[EnergyActions.DramReadBit].Attojoules;
        var e = EnergyBreakdown.Of(run.Actions, Table);
        Assert.Equal(expected, e.Attojoules);
        Assert.Equal(e.Attojoules, Enum.GetValues<EnergyCategory>().Sum(e.Category));
        if (name == "olive") Assert.Equal(tiles * (rows / 2) * cols, c.DecoderUses);
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void Rtl_counters_equal_the_golden_counters_of_the_energy_run(string name)
    {
        var src = new GoldenArrayCounters();
        var d = Design(name, src);
        var golden = d.Schedule(Layer, Tokens);
        // Every output, all counters included, every cycle, through the last delivery and beyond (idle: counts must hold).
        var r = LockstepEngine.Run(src.Test(d, Layer, Tokens), new SimOptions { Cycles = golden.Cycles + 20, Seed = 1 });
        Assert.True(r.Passed, r.Divergence?.ToString());
        Assert.Equal(golden.Cycles + 20, r.Cycles);
    }

    [Fact]
    public void Olive_tiles_restart_at_every_scale_group()
    {
        var src = new GoldenArrayCounters();
        var d = new OliveDesign(6, 4, src);
        var counts = src.Count(d, new LayerShape("two groups", 8, 256), 1);
        // 128 inputs per group: 22 K-tiles of 6 rows each (the last holds 2), × 2 groups × 2 N-tiles; a plain split would give 43.
        Assert.Equal(22 * 2 * 2, counts.Tiles);
        Assert.Equal(counts.Tiles * 3 * 2 * 4, counts.Counters.WeightRegWrites);   // 3 pair beats × 2·C operands per tile
    }

    [Fact]
    public void Sizing_keeps_to_buildable_arrays()
    {
        Assert.False(new OliveDesign(2, 2).Supports(79, 90));   // a pair spans two rows
        Assert.False(new OliveDesign(2, 2).Supports(130, 90));  // a tile lies in one 128-input group
        Assert.False(new MxIntDesign(1, 4).Supports(64, 256));  // a tile's lanes lie in one 128-channel block
        Assert.True(new MxIntDesign(1, 4).Supports(105, 64));
    }
}
