using SmartQuant.Emit;
using static SmartQuant.Hdl.Tests.TestSupport;

namespace SmartQuant.Hdl.Tests;

/// <summary>
/// Module.Reuse: instances built by one static build function from equal arguments share one definition. Each test
/// uses its own widths so that definitions cached by other tests (the table is process-wide) do not interfere.
/// </summary>
public class ReuseTests
{
    /// <summary>A register stage; counts how often its constructor runs.</summary>
    private sealed class Stage : Module
    {
        private static readonly Dictionary<int, int> Built = [];
        public readonly Signal Din, Dout;
        private readonly Signal[] _pair;

        public Stage(int width)
        {
            lock (Built) Built[width] = Builds(width) + 1;
            Din = In(width);
            Dout = Out(width);
            var r = Reg(width);
            r.Assign(Din);
            _pair = [Din, Dout];
            Dout.Assign(r);
        }

        public Signal Input => _pair[0];

        public static int Builds(int width)
        {
            lock (Built) return Built.GetValueOrDefault(width);
        }
    }

    /// <summary>n stages in a chain, either each built with Instance(new ...) or with Reuse.</summary>
    private sealed class Chain : Module
    {
        public readonly Signal Din, Dout;
        public readonly Stage[] Stages;

        public Chain(int width, int n, bool reuse)
        {
            Din = In(width);
            Dout = Out(width);
            Stages = new Stage[n];
            for (var i = 0; i < n; i++)
            {
                var s = Stages[i] = reuse ? Reuse(static w => new Stage(w), width, $"s_{i}") : Instance(new Stage(width), $"s_{i}");
                s.Input.Assign(i == 0 ? Din : Stages[i - 1].Dout);
            }
            Dout.Assign(Stages[^1].Dout);
        }
    }

    private static string Verilog(Module top) =>
        string.Join("\n", VerilogEmitter.Emit(Elaborator.Elaborate(top, "chain")).Select(f => $"== {f.Name}\n{f.Content}"));

    [Fact]
    public void ReuseBuildsTwiceAndEmitsExactlyWhatSeparateInstancesEmit()
    {
        const int width = 11;
        var first = new Chain(width, 8, reuse: true); // kept alive: the table holds definitions weakly
        var reused = Verilog(first);
        Assert.Equal(2, Stage.Builds(width)); // the first, and the second that checks it
        var separate = Verilog(new Chain(width, 8, reuse: false));
        Assert.Equal(10, Stage.Builds(width));
        Assert.Equal(separate, reused);
        Assert.Contains("s_7 (", reused);
        Assert.Contains("assign s_7_din = s_6_dout;", reused);

        // A second design with the same argument builds nothing new and still emits the same files.
        Assert.Equal(reused, Verilog(new Chain(width, 8, reuse: true)));
        Assert.Equal(10, Stage.Builds(width));
        GC.KeepAlive(first);
    }

    [Fact]
    public void DifferentArgumentsGiveDifferentDefinitions()
    {
        var top = new TwoWidths();
        Assert.Equal(2, Stage.Builds(13));
        Assert.Equal(2, Stage.Builds(14));
        var ir = Elaborator.Elaborate(top);
        Assert.Equal(2, ir.Modules.Count(m => m.ClassName == nameof(Stage)));
    }

    private sealed class TwoWidths : Module
    {
        public readonly Signal Y13, Y14;

        public TwoWidths()
        {
            var a = In(13);
            var b = In(14);
            Y13 = Out(13);
            Y14 = Out(14);
            var prev13 = (Expr)a;
            var prev14 = (Expr)b;
            for (var i = 0; i < 3; i++)
            {
                var s13 = Reuse(static w => new Stage(w), 13, $"n_{i}");
                s13.Din.Assign(prev13);
                prev13 = s13.Dout;
                var s14 = Reuse(static w => new Stage(w), 14, $"m_{i}");
                s14.Din.Assign(prev14);
                prev14 = s14.Dout;
            }
            Y13.Assign(prev13);
            Y14.Assign(prev14);
        }
    }

    /// <summary>Hardware that depends on hidden state, so equal arguments do not give equal modules.</summary>
    private sealed class Drifting : Module
    {
        private static int _next;
        public readonly Signal Y;

        public Drifting(int unused)
        {
            Y = Out(8);
            Y.Assign(Interlocked.Increment(ref _next) & 0x7f);
        }
    }

    private sealed class DriftingParent : Module
    {
        public static int SecondLine;
        public readonly Signal Y;

        public DriftingParent()
        {
            Y = Out(8);
            var d = new Drifting[2];
            SecondLine = Here(); for (var i = 0; i < 2; i++) d[i] = Reuse(static k => new Drifting(k), 7, $"d_{i}");
            Y.Assign(d[0].Y ^ d[1].Y);
        }
    }

    [Fact]
    public void TwoBuildsFromEqualArgumentsThatDifferAreAnError()
    {
        var e = Elaborating(() => new DriftingParent());
        PointsAt(e, DriftingParent.SecondLine);
        Assert.Contains("Reuse built two Drifting from equal arguments", e.Message);
        Assert.Contains("must depend only on its arguments", e.Message);
        Assert.Contains(":= 8'", e.Message); // shows the first differing line of the two bodies
    }

    [Fact]
    public void CapturingBuildFunctionIsRejectedAtItsLine()
    {
        var line = 0;
        var e = Assert.Throws<ElaborationException>(() => new Probe(p =>
        {
            var width = 8;
            line = Here(); p.Reuse(_ => new Stage(width), 0);
        }));
        PointsAt(e, line);
        Assert.Contains("captures 'width'", e.Message);
        Assert.Contains("static lambda", e.Message);
    }

    [Fact]
    public void NonPlainArgumentIsRejected()
    {
        var line = 0;
        var e = Assert.Throws<ElaborationException>(() => new Probe(p =>
        {
            line = Here(); p.Reuse(static (int[] w) => new Stage(w[0]), new[] { 8 });
        }));
        PointsAt(e, line);
        Assert.Contains("Reuse argument 1 is a Int32[]; arguments must be plain values", e.Message);
    }

    /// <summary>Its output is never driven: the error must point here, also when the definition is reused.</summary>
    private sealed class Broken : Module
    {
        public static int DeclLine;
        public readonly Signal Din, Dout;

        public Broken(int width)
        {
            Din = In(width);
            DeclLine = Here(); Dout = Out(width);
        }
    }

    private sealed class BrokenChain : Module
    {
        public readonly Signal Y;

        public BrokenChain()
        {
            var x = In(5);
            Y = Out(5);
            Expr prev = x;
            for (var i = 0; i < 4; i++)
            {
                var b = Reuse(static w => new Broken(w), 5, $"b_{i}");
                b.Din.Assign(prev);
                prev = b.Dout;
            }
            Y.Assign(prev);
        }
    }

    [Fact]
    public void ErrorInsideAReusedDefinitionPointsAtTheUsersLine()
    {
        var top = new BrokenChain(); // kept alive, so the second design really reuses its definition
        var first = Assert.Throws<ElaborationException>(() => Elaborator.Elaborate(top));
        PointsAt(first, Broken.DeclLine);
        Assert.Contains("output 'dout' of module 'broken' is never driven", first.Message);

        // The definition is cached now: a new design whose instances are all copies still reports the same line.
        var again = Elaborating(() => new BrokenChain());
        PointsAt(again, Broken.DeclLine);
        GC.KeepAlive(top);
    }

    private sealed class Unconnected : Module
    {
        public static int FifthLine;
        public readonly Signal Y;

        public Unconnected()
        {
            Y = Out(17);
            var d = In(17);
            Expr prev = d;
            for (var i = 0; i < 6; i++)
            {
                Stage s;
                if (i == 4) { FifthLine = Here(); s = Reuse(static w => new Stage(w), 17, $"s_{i}"); }
                else
                {
                    s = Reuse(static w => new Stage(w), 17, $"s_{i}");
                    s.Din.Assign(prev);
                }
                prev = s.Dout;
            }
            Y.Assign(prev);
        }
    }

    [Fact]
    public void ConnectionErrorsOnACopyNameThatInstance()
    {
        var e = Elaborating(() => new Unconnected());
        PointsAt(e, Unconnected.FifthLine);
        Assert.Contains("input 'din' of submodule 's_4' (stage) is not connected", e.Message);
    }

    private sealed class Peeking : Module
    {
        public static int ReadLine;
        public readonly Signal Y;

        public Peeking()
        {
            Y = Out(19);
            var d = In(19);
            var stages = Enumerable.Range(0, 3).Select(i => Reuse(static w => new WithInternal(w), 19, $"w_{i}")).ToArray();
            foreach (var s in stages) s.Din.Assign(d);
            ReadLine = Here(); Y.Assign(stages[2].Hidden);
        }
    }

    private sealed class WithInternal : Module
    {
        public readonly Signal Din, Dout, Hidden;

        public WithInternal(int width)
        {
            Din = In(width);
            Dout = Out(width);
            Hidden = Reg(width);
            Hidden.Assign(Din);
            Dout.Assign(Hidden);
        }
    }

    [Fact]
    public void InternalsOfACopyAreNotVisibleToItsParent()
    {
        var e = Elaborating(() => new Peeking());
        PointsAt(e, Peeking.ReadLine);
        Assert.Contains("'hidden' belongs to module 'with_internal' and is not visible in 'peeking'", e.Message);
    }

    private sealed class HidesPorts : Module
    {
        public readonly Dictionary<string, Signal> Ports;

        public HidesPorts(int width)
        {
            var din = In(width);
            var dout = Out(width);
            dout.Assign(din);
            Ports = new() { ["din"] = din, ["dout"] = dout };
        }
    }

    [Fact]
    public void PortsInAFieldTheKitCannotCopyAreAnError()
    {
        var line = 0;
        var e = Assert.Throws<ElaborationException>(() => new Probe(p =>
        {
            for (var i = 0; i < 3; i++) { line = Here(); p.Reuse(static w => new HidesPorts(w), 23, $"h_{i}"); }
        }));
        Assert.Equal(line, e.Location.Line);
        Assert.Contains("Reuse cannot copy field 'Ports' of HidesPorts", e.Message);
    }

    private sealed class Pair : Bundle
    {
        public Signal Valid = null!, Data = null!;
    }

    /// <summary>Ports held in a Bundle, a List, a 2-D array, and an expression over input ports.</summary>
    private sealed class Lanes : Module
    {
        public readonly Pair Head;
        public readonly List<Signal> Outs;
        public readonly Signal[,] Grid;
        public readonly Expr Both;

        public Lanes(int w)
        {
            Head = new Pair { Valid = In(), Data = In(w) };
            Grid = new Signal[2, 2];
            for (var i = 0; i < 2; i++)
                for (var j = 0; j < 2; j++) Grid[i, j] = In(w).Named($"g_{i}_{j}");
            Outs = [Out(w), Out(w)];
            Both = Head.Data & Grid[1, 1];
            Outs[0].Assign(Logic.Mux(Head.Valid, Grid[0, 0], Grid[0, 1]));
            Outs[1].Assign(Grid[1, 0] ^ Grid[1, 1]);
        }
    }

    private sealed class LanesTop : Module
    {
        public readonly Signal Y;

        public LanesTop(int w, bool reuse)
        {
            var x = In(w);
            var v = In();
            Y = Out(w);
            Expr acc = x;
            for (var i = 0; i < 6; i++)
            {
                var l = reuse ? Reuse(static k => new Lanes(k), w, $"l_{i}") : Instance(new Lanes(w), $"l_{i}");
                l.Head.Valid.Assign(v);
                l.Head.Data.Assign(acc);
                foreach (var g in l.Grid) g.Assign(acc ^ l.Head.Data);
                acc = l.Outs[0] ^ l.Outs[1] ^ l.Both; // Both reads this copy's own input wires
            }
            Y.Assign(acc);
        }
    }

    [Fact]
    public void PortsInBundlesListsArraysAndExpressionsAreTheCopysOwn()
    {
        var reused = Verilog(new LanesTop(29, reuse: true));
        Assert.Equal(Verilog(new LanesTop(29, reuse: false)), reused);
        Assert.Contains("l_5_head_data & l_5_g_1_1", reused);
    }

    [Fact]
    public void NothingCanBeDeclaredInAnInstantiatedModule()
    {
        var line = 0;
        var e = Assert.Throws<ElaborationException>(() => new Probe(p =>
        {
            var s = p.Reuse(static w => new Stage(w), 31, "s");
            line = Here(); s.Out(3);
        }));
        PointsAt(e, line);
        Assert.Contains("module 'stage' is already instantiated in 'probe', so nothing more can be declared in it", e.Message);
    }
}
