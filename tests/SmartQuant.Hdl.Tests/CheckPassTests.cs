using SmartQuant.Hdl;
using static SmartQuant.Hdl.Tests.TestSupport;

namespace SmartQuant.Hdl.Tests;

/// <summary>
/// The driver and latch checks report every finding of their pass at once, sorted by file and line, with the bits
/// concerned — not just the first, which would cost the user one build per mistake.
/// </summary>
public class CheckPassTests
{
    [Fact]
    public void EveryFindingOfThePassIsListedByLineWithItsBits()
    {
        var e = Elaborating(() => new Faulty());
        Assert.Equal(
        [
            (Faulty.OutLine, "output 'y' of module 'faulty' is never driven (undriven bits [7:0])"),
            (Faulty.WireLine, "wire 'floating' is never driven (undriven bits [3:0])"),
            (Faulty.SecondLine, $"'z' has multiple drivers: it is already assigned at {new SourceLocation(Faulty.File, Faulty.FirstLine)} in the same block, so that assignment would never take effect; use When/Otherwise for priority"),
            (Faulty.ChildLine, "input 'x' of submodule 'child' (child_stage) is not connected (undriven bits [4:0])"),
            (Faulty.LatchLine, "'lat' is not assigned on every path of a combinational When/Switch (it would infer a latch); assign a default before the When, or add Otherwise/Default (latched bits [0])"),
        ], e.All.Select(f => (f.Location.Line, f.Problem)).ToArray());
        Assert.All(e.All, f => Assert.Equal(Faulty.File, f.Location.FilePath));
        // The exception as a whole points at the first finding and prints one line per finding.
        PointsAt(e, Faulty.OutLine);
        Assert.Equal(e.All.Select(f => f.Message), e.Message.Split('\n'));
        Assert.Equal(e.All.Select(f => f.Message.ReplaceLineEndings(" ")), SmartQuant.Cli.UserErrors.Lines(e));
    }

    [Fact]
    public void ASingleFindingIsItself()
    {
        var e = Elaborating(() => new Probe(p => p.When(p.A[0], () => p.Y.Assign(p.B))));
        Assert.Same(e, Assert.Single(e.All));
        Assert.EndsWith("(latched bits [7:0])", e.Message);
    }

    private sealed class ChildStage : Module
    {
        public readonly Signal X, Q;
        public ChildStage() { X = In(5); Q = Out(5); Q.Assign(X); }
    }

    // Five mistakes, one per line; the fields record the lines the findings must point at.
    private sealed class Faulty : Module
    {
        public static int OutLine, WireLine, ChildLine, FirstLine, SecondLine, LatchLine;
        public static string File = "";
        public readonly Signal Sel, Y, Z, Floating, Lat, Q;
        public readonly ChildStage Child;

        public Faulty([System.Runtime.CompilerServices.CallerFilePath] string file = "")
        {
            File = file;
            Sel = In();
            OutLine = Here(); Y = Out(8);
            WireLine = Here(); Floating = Wire(4);
            Z = Out(4);
            FirstLine = Here(); Z.Assign(Floating);
            SecondLine = Here(); Z.Assign(Floating);
            ChildLine = Here(); Child = Instance(new ChildStage(), "child");
            Q = Out(5); Q.Assign(Child.Q);
            Lat = Out(1);
            When(Sel, () => { LatchLine = Here(); Lat.Assign(Sel); });
        }
    }
}
