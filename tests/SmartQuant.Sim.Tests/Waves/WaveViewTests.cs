using System.Globalization;
using System.Numerics;
using SmartQuant.Hdl.Simulation;

namespace SmartQuant.Sim.Tests.Waves;

/// <summary>
/// The failure view as the user sees it: a divergence in each built-in design (default configuration, cxl-store's compact one;
/// the build cache's entries), its <c>.gtkw</c> opened in GTKWave under Xvfb. The mismatching port must be the first trace, shown (not
/// collapsed), in the report's radix, followed by the golden model's expected value and the mismatch bit (1 at the
/// marker); the primary and the first named marker sit on the divergent cycle; the pane spans the report's 16-cycle table.
/// </summary>
public class WaveViewTests
{
    private const long At = 300;
    private const int RadixMask = GtkwSaveFile.Hex | GtkwSaveFile.Dec | GtkwSaveFile.Bin | GtkwSaveFile.Signed;

    [GtkwaveTheory]
    [InlineData("fifo")]
    [InlineData("mac-array")]
    public void Divergence_view_opens_on_the_failure_in_gtkwave(string design) => ViewOpensOnFailure(design);

    /// <summary>
    /// The same on the two large designs: each needs a traced Verilator build of its own (minutes on a 2-core machine),
    /// so they run in the extended tier (<c>make regress</c>); the view code they exercise is the same as above.
    /// </summary>
    [GtkwaveTheory]
    [Trait("Tier", "extended")]
    [InlineData("microscopiq")]
    [InlineData("cxl-store")]
    public void Divergence_view_opens_on_the_failure_of_a_large_design(string design) => ViewOpensOnFailure(design);

    private static void ViewOpensOnFailure(string design)
    {
        var dir = Diverging.TempDirectory("view");
        var r = LockstepEngine.Run(Diverging.Test(design, At), new SimOptions { Cycles = At + 40, Seed = 4, WavesDirectory = dir, Config = Diverging.Config(design) });
        Assert.False(r.Passed);
        var d = r.Divergence!;
        Assert.Equal(At, d.Cycle);
        var m = Assert.Single(d.Mismatches);
        Assert.Equal(Diverging.Port(design, r.Library.Map), m.Port);
        var port = m.Port.Name;   // the name the waveform files use

        var shown = Gtkwave.Open(d.ViewPath!);
        var top = r.Library.Map.TopName;
        var traces = shown.Traces.Where(t => !t.Blank).ToList();
        Assert.True(traces.Count > 3, string.Join("\n", shown.Traces));

        // First the RTL port, displayed, in the report's radix, showing the actual value at the marker.
        var rtl = traces[0];
        Assert.Equal(GtkwSaveFile.TraceName(top, port, m.Port.Width), rtl.Name);
        Assert.False(rtl.Collapsed);
        Assert.Equal(GtkwSaveFile.Flags(m.Port) & RadixMask, rtl.Flags & RadixMask);
        Assert.Equal(m.Actual, Parse(rtl.Value, m.Port, rtl.Flags));
        // Then the golden model's value and the mismatch bit.
        Assert.Equal(GtkwSaveFile.TraceName(GoldenFst.Scope, port, m.Port.Width), traces[1].Name);
        Assert.False(traces[1].Collapsed);
        Assert.Equal(m.Expected, Parse(traces[1].Value, m.Port, traces[1].Flags));
        Assert.Equal(GtkwSaveFile.TraceName(GoldenFst.Scope, GoldenFst.MismatchName(port), 1), traces[2].Name);
        Assert.Equal("1", traces[2].Value);
        Assert.True(shown.Visible >= 3);
        // The comment above them names the cycle.
        Assert.Contains($"first divergence: cycle {At}", shown.Traces[0].Name);

        // Markers on the divergence; the pane spans the report's table (16 cycles ending at the divergence).
        Assert.Equal(Diverging.Time(At), shown.Marker);
        Assert.Equal(Diverging.Time(At), shown.NamedA);
        Assert.InRange(Diverging.Time(At - (LockstepEngine.TableCycles - 1)), shown.Start, shown.End);
        Assert.InRange(Diverging.Time(At) + 5, shown.Start, shown.End);
        Directory.Delete(dir, recursive: true);
    }

    [GtkwaveFact]
    public void Passing_run_view_groups_ports_shows_counters_in_decimal_and_marks_the_chosen_cycle()
    {
        const long mark = 150;
        var dir = Diverging.TempDirectory("pass");
        var r = LockstepEngine.Run(SimTestCatalog.Find("fifo"), new SimOptions { Cycles = 400, Seed = 3, WavesDirectory = dir, TraceWholeRun = true, Mark = mark });
        Assert.True(r.Passed);
        var shown = Gtkwave.Open(r.ViewPath!);
        var map = r.Library.Map;
        var top = map.TopName;
        var ports = PortBindings.Fifo(map);
        Assert.Equal(Diverging.Time(mark), shown.Marker);
        Assert.Equal(Diverging.Time(mark), shown.NamedA);
        Assert.InRange(Diverging.Time(mark), shown.Start, shown.End);

        // Groups in order: clock and reset, then interfaces (in, out), then the single ports (count), then the golden model.
        var groups = shown.Traces.Where(t => (t.Flags & GtkwSaveFile.GroupBegin) != 0).Select(t => t.Name).ToList();
        Assert.Equal(["clock and reset", "in", "out", PortGroups.Singles, "golden model: expected outputs, mismatch bits"], groups);
        var traces = shown.Traces.Where(t => !t.Blank).ToList();
        Assert.Equal(GtkwSaveFile.TraceName(top, "clk", 1), traces[0].Name);
        var count = traces.Single(t => t.Name == GtkwSaveFile.TraceName(top, ports.Count.Name, ports.Count.Width));
        Assert.Equal(GtkwSaveFile.Dec, count.Flags & RadixMask);
        Assert.False(count.Collapsed);
        Assert.Equal(GtkwSaveFile.Hex, traces.Single(t => t.Name == GtkwSaveFile.TraceName(top, ports.InData.Name, ports.InData.Width)).Flags & RadixMask);
        // The golden model's traces are there (closed group): every mismatch bit 0 at the marker is not shown while collapsed.
        Assert.All(traces.Where(t => t.Name.StartsWith("TOP.golden.", StringComparison.Ordinal)), t => Assert.True(t.Collapsed));
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>A value as GTKWave prints it in the trace's radix, back to the port's bits.</summary>
    private static BigInteger Parse(string text, PortSlot p, int flags)
    {
        Assert.False(string.IsNullOrEmpty(text), $"no value shown for {p.Name}");
        BigInteger v;
        if ((flags & GtkwSaveFile.Hex) != 0) v = BigInteger.Parse("0" + text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        else if ((flags & GtkwSaveFile.Bin) != 0) v = text.Aggregate(BigInteger.Zero, (a, c) => (a << 1) | (c == '1' ? 1 : 0));
        else v = BigInteger.Parse(text, CultureInfo.InvariantCulture);
        return v < 0 ? v + (BigInteger.One << p.Width) : v;
    }
}
