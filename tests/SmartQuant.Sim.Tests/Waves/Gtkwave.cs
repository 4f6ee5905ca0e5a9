using System.Globalization;
using SmartQuant.Eda;

namespace SmartQuant.Sim.Tests.Waves;

/// <summary>
/// Opens a <c>.gtkw</c> view in GTKWave itself, headless (xvfb-run), and reads back what a user would see through
/// GTKWave's Tcl interface (<c>gtkwave -S script</c>): every trace in display order with its flags, full name and value
/// at the primary marker, the visible time range, the markers and the number of visible (not collapsed) traces.
/// </summary>
internal static class Gtkwave
{
    /// <summary>Why the viewer cannot run here (null when it can); tests that need it are skipped with this reason.</summary>
    public static string? MissingReason { get; } =
        ToolRunner.Find("gtkwave") is null ? "gtkwave is not installed (make setup installs it)"
        : ToolRunner.Find("xvfb-run") is null ? "xvfb-run is not installed (package xvfb; make setup installs it)"
        : ToolRunner.Find("xauth") is null ? "xauth is not installed (xvfb-run needs it; make setup installs it)"
        : null;

    /// <summary>One row of the signal pane: comments have <see cref="Blank"/> set and no value.</summary>
    public sealed record Trace(int Flags, string Name, string Value)
    {
        public bool Blank => (Flags & Sim.GtkwSaveFile.Blank) != 0;
        public bool Collapsed => (Flags & Sim.GtkwSaveFile.Collapsed) != 0;
    }

    public sealed record Shown(IReadOnlyList<Trace> Traces, long Start, long End, long Marker, long NamedA, int Visible);

    private const string Script = """
        set names [gtkwave::getDisplayedSignals]
        set n [gtkwave::getTotalNumTraces]
        set k 0
        for {set i 0} {$i < $n} {incr i} {
          set f [gtkwave::getTraceFlagsFromIndex $i]
          if {($f & 0x200) != 0} {
            puts "SQ|$f|[gtkwave::getTraceNameFromIndex $i]|"
          } else {
            puts "SQ|$f|[lindex $names $k]|[gtkwave::getTraceValueAtMarkerFromIndex $i]"
            incr k
          }
        }
        puts "SQW|[gtkwave::getWindowStartTime]|[gtkwave::getWindowEndTime]|[gtkwave::getMarker]|[gtkwave::getNamedMarker A]|[gtkwave::getVisibleNumTraces]"
        gtkwave::/File/Quit
        """;

    public static Shown Open(string gtkw)
    {
        var tcl = gtkw + ".query.tcl";
        File.WriteAllText(tcl, Script);
        var r = ToolRunner.Run("xvfb-run", ["-a", "gtkwave", "-S", tcl, gtkw]);
        var lines = r.StdOut.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var window = lines.SingleOrDefault(l => l.StartsWith("SQW|", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"gtkwave printed no window line (exit {r.ExitCode}): {r.Combined}");
        var traces = lines.Where(l => l.StartsWith("SQ|", StringComparison.Ordinal)).Select(l => l.Split('|'))
            .Select(f => new Trace(int.Parse(f[1], CultureInfo.InvariantCulture), f[2], f[3])).ToList();
        var w = window.Split('|')[1..].Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        return new Shown(traces, w[0], w[1], w[2], w[3], (int)w[4]);
    }
}

/// <summary>A theory that is skipped, with the reason, where GTKWave or Xvfb is missing: it never passes silently.</summary>
public sealed class GtkwaveTheoryAttribute : TheoryAttribute
{
    public GtkwaveTheoryAttribute()
    {
        if (Gtkwave.MissingReason is { } reason) Skip = reason;
    }
}

/// <summary>A fact that is skipped, with the reason, where GTKWave or Xvfb is missing.</summary>
public sealed class GtkwaveFactAttribute : FactAttribute
{
    public GtkwaveFactAttribute()
    {
        if (Gtkwave.MissingReason is { } reason) Skip = reason;
    }
}
