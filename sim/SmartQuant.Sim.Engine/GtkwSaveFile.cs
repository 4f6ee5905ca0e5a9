using System.Globalization;
using System.Text;
using SmartQuant.Emit;
using SmartQuant.Hdl.Simulation;

namespace SmartQuant.Sim;

/// <summary>What a waveform view shows and where it opens (times in FST units: cycle c is at (c + reset) · 10).</summary>
/// <param name="Mismatching">Ports that failed at the first divergence: shown first, each with its golden value and mismatch bit.</param>
/// <param name="HasGolden">The FST holds the <see cref="GoldenFst.Scope"/> scope (expected values, mismatch bits).</param>
/// <param name="Marker">Primary marker (the first divergent cycle, or the cycle of <c>--mark</c>).</param>
/// <param name="Named">Named markers A, B, … in order, each with its label.</param>
/// <param name="From">Left edge of the wave pane.</param>
/// <param name="To">The wave pane spans at least up to here (see <see cref="GtkwSaveFile.WavePaneWidth"/>).</param>
/// <param name="Comment">Heading of the mismatching ports (kept short: GTKWave widens the signal pane to fit it).</param>
public sealed record WaveView(
    PortMap Map, IReadOnlyList<PortSlot> Mismatching, bool HasGolden, long? Marker,
    IReadOnlyList<(long Time, string Label)> Named, long From, long To, string Title, string? Comment = null);

/// <summary>
/// A GTKWave save file (<c>.gtkw</c>) for an FST written by a co-simulation. Conventions, the same for failures and for
/// traced passing runs:
/// <list type="bullet">
/// <item>a failure's mismatching ports come first, under a comment naming the cycle: the RTL port (highlighted), the
/// golden model's expected value (<c>TOP.golden.&lt;port&gt;</c>, x where a don't-care rule applies) and its mismatch bit;</item>
/// <item>then clock and reset, then every port grouped by interface (<see cref="PortGroups"/>), groups open;</item>
/// <item>radix: single bits binary, counters unsigned decimal, signed ports signed decimal, everything else hex — the
/// report's hex columns and its signed readings;</item>
/// <item>the pane opens on <see cref="WaveView.From"/> … <see cref="WaveView.To"/> (a failure: its 16-cycle report table)
/// with the primary marker on the divergent cycle and named markers labelling it.</item>
/// </list>
/// Trace flags are GTKWave's TraceEntFlagBits (its analyzer.h): bit 0 highlight, 1 hex, 2 decimal, 3 binary, 5 right-justify,
/// 9 blank (comment line), 10 signed, 12 collapsed (hidden inside a closed group), 22 closed, 23 group begin, 24 group end.
/// The zoom is GTKWave's: at zoom z the pane shows width · 2^−z / 200 time units (measured on GTKWave 3.3.118).
/// </summary>
public static class GtkwSaveFile
{
    public const int Highlight = 0x1, Hex = 0x2, Dec = 0x4, Bin = 0x8, RightJustify = 0x20, Blank = 0x200, Signed = 0x400,
        Collapsed = 0x1000, Closed = 0x400000, GroupBegin = 0x800000, GroupEnd = 0x1000000;

    /// <summary>Window size the view asks for, and the widths of the two left panes.</summary>
    public const int WindowWidth = 1400, WindowHeight = 800, TreeWidth = 200, SignalsWidth = 260;
    /// <summary>
    /// The wave pane width the zoom is computed for. GTKWave widens the signal pane to the longest trace name, so the wave
    /// pane is narrower than window − tree − signals (446 … 686 px measured for our designs under Xvfb); assuming 400 px the
    /// requested span is always visible, a wider pane shows more.
    /// </summary>
    public const int WavePaneWidth = 400;

    public static void Write(string path, string fstPath, WaveView view)
    {
        var map = view.Map;
        var top = map.TopName;
        var sb = new StringBuilder();
        sb.AppendLine($"[*] SmartQuant co-simulation waveform view: {view.Title}");
        sb.AppendLine($"[dumpfile] \"{Path.GetFullPath(fstPath)}\"");
        sb.AppendLine($"[savefile] \"{Path.GetFullPath(path)}\"");
        sb.AppendLine($"[timestart] {view.From}");
        sb.AppendLine($"[size] {WindowWidth} {WindowHeight}");
        sb.AppendLine("[pos] -1 -1");
        var named = Enumerable.Range(0, 26).Select(i => i < view.Named.Count ? view.Named[i].Time : -1);
        sb.AppendLine($"*{Zoom(view.To - view.From).ToString("F6", CultureInfo.InvariantCulture)} {view.Marker ?? -1} {string.Join(' ', named)}");
        for (var i = 0; i < Math.Min(view.Named.Count, 26); i++) sb.AppendLine($"[markername] {(char)('A' + i)}{view.Named[i].Label}");
        sb.AppendLine("[treeopen] TOP.");
        sb.AppendLine($"[treeopen] TOP.{top}.");
        sb.AppendLine($"[sst_width] {TreeWidth}");
        sb.AppendLine($"[signals_width] {SignalsWidth}");
        sb.AppendLine("[sst_expanded] 1");

        if (view.Mismatching.Count > 0)
        {
            Comment(sb, view.Comment ?? "mismatching ports");
            foreach (var p in view.Mismatching)
            {
                Trace(sb, TraceName(top, p.Name, p.Width), Flags(p) | Highlight);
                if (!view.HasGolden) continue;
                Trace(sb, TraceName(GoldenFst.Scope, p.Name, p.Width), Flags(p));
                Trace(sb, TraceName(GoldenFst.Scope, GoldenFst.MismatchName(p.Name), 1), Bin | RightJustify);
            }
            Comment(sb, "");
        }
        if (map.HasClock)
        {
            Group(sb, "clock and reset", false, [(TraceName(top, "clk", 1), Bin | RightJustify), (TraceName(top, "rst", 1), Bin | RightJustify)]);
        }
        foreach (var (name, ports) in PortGroups.Of(map))
            Group(sb, name, false, [.. ports.Select(p => (TraceName(top, p.Name, p.Width), Flags(p)))]);
        if (view.HasGolden)
        {
            // Every output's expected value and mismatch bit, closed: the mismatching ones are already at the top.
            var golden = map.Outputs.SelectMany(p => new[]
            {
                (TraceName(GoldenFst.Scope, p.Name, p.Width), Flags(p)),
                (TraceName(GoldenFst.Scope, GoldenFst.MismatchName(p.Name), 1), Bin | RightJustify),
            });
            Group(sb, "golden model: expected outputs, mismatch bits", true, [.. golden]);
        }
        OutputWriter.WriteAtomic(path, sb.ToString());
    }

    /// <summary>GTKWave's zoom for a pane of <see cref="WavePaneWidth"/> pixels showing <paramref name="span"/> time units.</summary>
    public static double Zoom(long span) => -Math.Log2(Math.Max(span, 1) * 200.0 / WavePaneWidth);

    /// <summary>The radix of a port: single bits binary, counters decimal, signed ports signed decimal, else hex.</summary>
    public static int Flags(PortSlot p) =>
        RightJustify | (p.Width == 1 ? Bin : PortGroups.IsCounter(p.Name) ? Dec : p.Signed ? Signed : Hex);

    /// <summary>Verilator names top-level signals TOP.&lt;top&gt;.&lt;name&gt;, vectors with their range.</summary>
    public static string TraceName(string scope, string name, int width) =>
        width == 1 ? $"TOP.{scope}.{name}" : $"TOP.{scope}.{name}[{width - 1}:0]";

    private static void Trace(StringBuilder sb, string name, int flags)
    {
        sb.AppendLine($"@{flags:x}");
        sb.AppendLine(name);
    }

    private static void Comment(StringBuilder sb, string text)
    {
        sb.AppendLine($"@{Blank:x}");
        sb.AppendLine("-" + text);
    }

    private static void Group(StringBuilder sb, string name, bool closed, IReadOnlyList<(string Name, int Flags)> members)
    {
        sb.AppendLine($"@{GroupBegin | Blank | (closed ? Closed : 0):x}");
        sb.AppendLine("-" + name);
        foreach (var (n, f) in members) Trace(sb, n, f | (closed ? Collapsed : 0));
        sb.AppendLine($"@{GroupEnd | Blank | (closed ? Collapsed : 0):x}");
        sb.AppendLine("-" + name);
    }
}
