using SmartQuant.Hdl;
using static SmartQuant.Hdl.Tests.TestSupport;

namespace SmartQuant.Hdl.Tests;

/// <summary>Every elaboration check, with its message text and the user's line.</summary>
public class ElaborationCheckTests
{
    [Fact]
    public void WidthMismatchNamesSignalAndSuggestsTruncate()
    {
        var line = 0;
        var e = Elaborating(() => new Probe(p => { line = Here(); p.Y.Assign(p.A + p.B); }));
        PointsAt(e, line);
        Assert.Contains("width mismatch assigning 'y': it is unsigned 8 bits but the value is unsigned 9 bits; say Truncate(8)", e.Message);
    }

    [Fact]
    public void SignednessMismatchIsAnError()
    {
        var line = 0;
        var e = Elaborating(() => new Probe(p => { line = Here(); p.Y.Assign(p.S8); }));
        PointsAt(e, line);
        Assert.Contains("'y': it is unsigned 8 bits but the value is signed 8 bits; convert with AsSigned()/AsUnsigned()", e.Message);
    }

    [Fact]
    public void UndrivenOutputPointsAtItsDeclaration()
    {
        var e = Elaborating(() => new UndrivenOutput());
        PointsAt(e, UndrivenOutput.DeclLine);
        Assert.Contains("output 'result' of module 'undriven_output' is never driven", e.Message);
    }

    private sealed class UndrivenOutput : Module
    {
        public static int DeclLine;
        public readonly Signal Result;
        public UndrivenOutput() { DeclLine = Here(); Result = Out(4); }
    }

    [Fact]
    public void UndrivenWireIsReported()
    {
        var e = Elaborating(() => new UndrivenWire());
        PointsAt(e, UndrivenWire.DeclLine);
        Assert.Contains("wire 'floating' is never driven", e.Message);
    }

    private sealed class UndrivenWire : Module
    {
        public static int DeclLine;
        public readonly Signal Floating, Y;
        public UndrivenWire() { DeclLine = Here(); Floating = Wire(4); Y = Out(4); Y.Assign(Floating); }
    }

    [Fact]
    public void MultipleUnconditionalDriversNameBothLines()
    {
        int first = 0, second = 0;
        var e = Elaborating(() => new Probe(p => { first = Here(); p.Y.Assign(p.A); second = Here(); p.Y.Assign(p.B); }));
        PointsAt(e, second);
        Assert.Contains($"'y' has multiple drivers: it is already assigned at", e.Message);
        Assert.Contains($"ElaborationCheckTests.cs:{first}", e.Message);
    }

    [Fact]
    public void ConditionalOverrideOfADefaultIsNotMultipleDrivers()
    {
        var ir = Elaborator.Elaborate(new Probe(p => { p.Y.Assign(p.A); p.When(p.A[0], () => p.Y.Assign(p.B)); }));
        Assert.Equal("probe", ir.Top.Name);
    }

    [Fact]
    public void CombinationalLoopListsTheCycle()
    {
        var e = Elaborating(() => new Loop());
        PointsAt(e, Loop.Line);
        Assert.Contains("combinational loop in module 'loop': ", e.Message);
        Assert.Contains("ping -> pong", e.Message);
        Assert.Contains("put a register in the loop", e.Message);
    }

    private sealed class Loop : Module
    {
        public static int Line;
        public readonly Signal Ping, Pong, Y;
        public Loop()
        {
            Ping = Wire(4); Pong = Wire(4); Y = Out(4);
            Line = Here(); Ping.Assign(~Pong);
            Pong.Assign(Ping);
            Y.Assign(Pong);
        }
    }

    [Fact]
    public void CombinationalLoopThroughASubmoduleIsFound()
    {
        var e = Elaborating(() => new LoopThroughChild());
        Assert.Contains("combinational loop in module 'loop_through_child'", e.Message);
        Assert.Contains("relay_x", e.Message);
    }

    private sealed class PassThrough : Module
    {
        public readonly Signal In_, Out_;
        public PassThrough() { In_ = In(4).Named("x"); Out_ = Out(4).Named("z"); Out_.Assign(In_); }
    }

    private sealed class LoopThroughChild : Module
    {
        public readonly Signal Y;
        public readonly PassThrough Buf;
        public LoopThroughChild()
        {
            Y = Out(4);
            Buf = Instance(new PassThrough(), "relay");
            Buf.In_.Assign(~Buf.Out_);
            Y.Assign(Buf.Out_);
        }
    }

    [Fact]
    public void RegisterBreaksALoop()
    {
        var ir = Elaborator.Elaborate(new Counter());
        Assert.True(ir.Top.HasClock);
    }

    private sealed class Counter : Module
    {
        public readonly Signal Count, Value;
        public Counter() { Count = Reg(4); Value = Out(4); Count.Assign(Count.AddWrap(1)); Value.Assign(Count); }
    }

    [Fact]
    public void LatchIsReportedWithAHint()
    {
        var line = 0;
        var e = Elaborating(() => new Probe(p => p.When(p.A[0], () => { line = Here(); p.Y.Assign(p.B); })));
        PointsAt(e, line);
        Assert.Contains("'y' is not assigned on every path of a combinational When/Switch (it would infer a latch)", e.Message);
    }

    [Fact]
    public void OtherwiseCompletesTheWhen()
    {
        var ir = Elaborator.Elaborate(new Probe(p => p.When(p.A[0], () => p.Y.Assign(p.B)).Otherwise(() => p.Y.Assign(p.A))));
        Assert.Single(ir.Top.Body);
    }

    [Fact]
    public void SwitchWithoutDefaultOverPartialRangeIsALatch()
    {
        var e = Elaborating(() => new Probe(p => p.Switch(p.A[1, 0]).Is(0, () => p.Y.Assign(p.A)).Is(1, () => p.Y.Assign(p.B))));
        Assert.Contains("infer a latch", e.Message);
    }

    [Fact]
    public void SwitchCoveringEveryValueNeedsNoDefault()
    {
        var ir = Elaborator.Elaborate(new Probe(p => p.Switch(p.A[0]).Is(0, () => p.Y.Assign(p.A)).Is(1, () => p.Y.Assign(p.B))));
        Assert.NotNull(ir);
    }

    [Fact]
    public void UnconnectedSubmoduleInputNamesTheInstance()
    {
        var e = Elaborating(() => new Unconnected());
        PointsAt(e, Unconnected.Line);
        Assert.Contains("input 'x' of submodule 'child' (pass_through) is not connected", e.Message);
    }

    private sealed class Unconnected : Module
    {
        public static int Line;
        public readonly Signal Y;
        public readonly PassThrough Child;
        public Unconnected() { Y = Out(4); Line = Here(); Child = Instance(new PassThrough(), "child"); Y.Assign(Child.Out_); }
    }

    [Fact]
    public void AssigningAnInputIsAnError()
    {
        var line = 0;
        var e = Elaborating(() => new Probe(p => { p.Y.Assign(p.A); line = Here(); p.A.Assign(p.B); }));
        PointsAt(e, line);
        Assert.Contains("cannot assign input port 'a' of module 'probe': inputs are driven from outside", e.Message);
    }

    [Fact]
    public void AssigningASubmoduleOutputIsAnError()
    {
        var e = Elaborating(() => new DrivesChildOutput());
        PointsAt(e, DrivesChildOutput.Line);
        Assert.Contains("cannot assign output 'z' of submodule 'child': the submodule drives it", e.Message);
    }

    private sealed class DrivesChildOutput : Module
    {
        public static int Line;
        public readonly PassThrough Child;
        public DrivesChildOutput()
        {
            Child = Instance(new PassThrough(), "child");
            Child.In_.Assign(Logic.Lit(0, 4));
            Line = Here(); Child.Out_.Assign(Logic.Lit(1, 4));
        }
    }

    [Fact]
    public void DuplicateNamesPointAtTheSecondDeclaration()
    {
        var e = Elaborating(() => new Duplicates());
        PointsAt(e, Duplicates.Line);
        Assert.Contains("duplicate name 'data' in module 'duplicates': also declared at", e.Message);
    }

    private sealed class Duplicates : Module
    {
        public static int Line;
        public readonly Signal Data, Other;
        public Duplicates() { Data = Out(2); Line = Here(); Other = Out(2).Named("data"); Data.Assign(Logic.Lit(0, 2)); Other.Assign(Logic.Lit(0, 2)); }
    }

    [Fact]
    public void ReservedNamesAreRejected()
    {
        var line = 0;
        var e = Assert.Throws<ElaborationException>(() => new Probe(p => { line = Here(); p.Wire(1).Named("always"); }));
        PointsAt(e, line);
        Assert.Contains("'always' is a reserved name", e.Message);
    }

    [Fact]
    public void SignalOfAnotherModuleIsNotVisible()
    {
        var e = Elaborating(() => new ReachesIntoGrandchild());
        Assert.Contains("belongs to module 'pass_through' and is not visible in 'reaches_into_grandchild'", e.Message);
    }

    private sealed class Wrapper : Module
    {
        public readonly PassThrough Inner;
        public readonly Signal X, Z;
        public Wrapper() { X = In(4); Z = Out(4); Inner = Instance(new PassThrough(), "inner"); Inner.In_.Assign(X); Z.Assign(Inner.Out_); }
    }

    private sealed class ReachesIntoGrandchild : Module
    {
        public readonly Wrapper W;
        public readonly Signal Y;
        public ReachesIntoGrandchild()
        {
            Y = Out(4);
            W = Instance(new Wrapper(), "w");
            W.X.Assign(Logic.Lit(3, 4));
            Y.Assign(W.Inner.Out_); // a grandchild's port: not visible here
        }
    }

    [Fact]
    public void ConnectingAGrandchildPortIsAnError()
    {
        var e = Assert.Throws<ElaborationException>(() => new ConnectsGrandchild());
        Assert.Contains("module 'wrapper' is already instantiated in 'connects_grandchild', so it cannot take more statements", e.Message);
    }

    private sealed class ConnectsGrandchild : Module
    {
        public readonly Wrapper W;
        public ConnectsGrandchild() { W = Instance(new Wrapper(), "w"); W.Inner.In_.Assign(Logic.Lit(1, 4)); }
    }

    [Fact]
    public void RegisterNeverAssignedIsAnError()
    {
        var e = Elaborating(() => new StuckRegister());
        Assert.Contains("register 'stuck' is never assigned", e.Message);
    }

    private sealed class StuckRegister : Module
    {
        public readonly Signal Stuck, Y;
        public StuckRegister() { Stuck = Reg(2); Y = Out(2); Y.Assign(Stuck); }
    }

    [Fact]
    public void InstantiatingTheSameObjectTwiceIsAnError()
    {
        var e = Assert.Throws<ElaborationException>(() => new TwiceInstantiated());
        Assert.Contains("is already instantiated in 'twice_instantiated'", e.Message);
    }

    private sealed class TwiceInstantiated : Module
    {
        public TwiceInstantiated() { var c = new PassThrough(); Instance(c, "one"); Instance(c, "two"); }
    }
}
