using SmartQuant.Hw.Cxl;
using SmartQuant.Models.Cxl.Traffic;
using Xunit.Abstractions;

namespace SmartQuant.Cxl.Tests.Cxl;

/// <summary>
/// Random 64-B reads against a passthrough region, and interleaved write ingest (issue 14 items 2 and 3), on the
/// golden model at the default configuration. The figures are logged (docs/cxl-store.md quotes them); the asserts
/// check what the design guarantees.
/// </summary>
public class TrafficFigureTests(ITestOutputHelper log)
{
    private static readonly CxlStoreConfig Default = new();

    [Fact]
    public void Random_reads_cost_k_bursts_per_line_packed_and_one_passthrough()
    {
        var packed = TrafficPatterns.RandomReads(Default, 1000, 4, passthrough: false);
        var pass = TrafficPatterns.RandomReads(Default, 1000, 4, passthrough: true);
        log.WriteLine(packed.ToString());
        log.WriteLine(pass.ToString());
        Assert.Equal(0, packed.Errors + pass.Errors);
        // A random PACKED k = 4 line rarely shares its block with a buffered one: about k plane bursts per line.
        Assert.InRange(packed.BurstsPerLine, 3.5, 4.0);
        Assert.Equal(1.0, pass.BurstsPerLine);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Interleaved_writers_ingest_figures(int writers)
    {
        // 2 048 blocks (1 MiB of weights, ~18 k cycles): long enough that refresh (every tREFI) and the drain of the
        // DRAM model's write queue at the end weigh as they would in a model load; timed until the last write burst.
        var r = TrafficPatterns.InterleavedWrites(Default, writers, 2048 / writers);
        var peak = TrafficPatterns.WritePeakLinesPerCycle();
        log.WriteLine($"{r}; {r.LinesPerCycle / peak:P1} of the DRAM write peak ({peak:F2} lines/cycle)");
        Assert.Equal(0, r.Errors);
        // Issue 14: ingest at ≥ 85 % of the DRAM model's write peak with 1, 2 and 4 writers (refresh alone costs 7.6 %).
        Assert.True(r.LinesPerCycle >= 0.85 * peak, $"{r.LinesPerCycle / peak:P1} of the write peak");
        // Every written line reaches DRAM: at least one write burst per line (8 plane bursts per 8-line block).
        Assert.True(r.DramWrites >= r.Lines, $"{r.DramWrites} write bursts for {r.Lines} lines");
        // Whole blocks with up to W (8) writers are written without a read (before the write combiners: 8 reads + 8
        // writes per line with 2 and 4 writers).
        Assert.Equal(0, r.DramReads);
    }
}
