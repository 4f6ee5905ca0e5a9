using System.Collections.Immutable;
using System.Numerics;

namespace SmartQuant.Hdl.Ir;

/// <summary>
/// The elaborated design: immutable, fully named, checked. The emitter and the simulator's port maps read only this.
/// </summary>
public sealed record IrDesign(IrModule Top, ImmutableArray<IrModule> Modules, string ConfigHash, string DesignName)
{
    /// <summary>The definition named <paramref name="name"/>.</summary>
    public IrModule Module(string name) => Modules.First(m => m.Name == name);
}

/// <summary>One Verilog module definition (a distinct parameterization of a C# module class).</summary>
public sealed record IrModule(
    string Name,
    string ClassName,
    SourceLocation Location,
    bool HasClock,
    ImmutableArray<IrSignal> Ports,
    ImmutableArray<IrSignal> Signals,
    ImmutableArray<IrMemory> Memories,
    ImmutableArray<IrInstance> Instances,
    ImmutableArray<IrStmt> Body,
    string StructureHash)
{
    public IEnumerable<IrSignal> Inputs => Ports.Where(p => p.Kind == SignalKind.Input);
    public IEnumerable<IrSignal> Outputs => Ports.Where(p => p.Kind == SignalKind.Output);
}

/// <summary>A named signal. Instance-port wires in a parent carry <see cref="InstancePort"/> = (instance, port).</summary>
public sealed record IrSignal(string Name, SignalKind Kind, int Width, bool Signed, BigInteger? Reset, SourceLocation Location)
{
    public (string Instance, string Port)? InstancePort { get; init; }
    /// <summary>True for the implicit clock and reset ports.</summary>
    public bool IsClockOrReset { get; init; }
    public override string ToString() => Name;
}

public sealed record IrMemory(string Name, int Depth, int Width, bool Signed, SourceLocation Location);

/// <summary>A submodule instance; <see cref="Connections"/> maps each child port to the parent wire that carries it.</summary>
public sealed record IrInstance(string Name, string ModuleName, SourceLocation Location, ImmutableArray<(string Port, IrSignal Wire)> Connections);

public abstract record IrExpr(int Width, bool Signed);
public sealed record IrRef(IrSignal Signal) : IrExpr(Signal.Width, Signal.Signed);
public sealed record IrConst(BigInteger Bits, int W, bool S) : IrExpr(W, S);
public sealed record IrOp(Op Op, ImmutableArray<IrExpr> Args, int W, bool S, int P0 = 0, int P1 = 0, IrMemory? Memory = null) : IrExpr(W, S);

public abstract record IrStmt(SourceLocation Location);
public sealed record IrAssign(IrSignal Target, IrExpr Value, SourceLocation Location) : IrStmt(Location);
public sealed record IrMemWrite(IrMemory Memory, IrExpr Address, IrExpr Data, SourceLocation Location) : IrStmt(Location);
public sealed record IrIf(ImmutableArray<(IrExpr Condition, ImmutableArray<IrStmt> Body)> Branches, ImmutableArray<IrStmt>? Else, SourceLocation Location) : IrStmt(Location);
public sealed record IrCase(IrExpr Selector, ImmutableArray<(IrConst Value, ImmutableArray<IrStmt> Body)> Cases, ImmutableArray<IrStmt>? Default, SourceLocation Location) : IrStmt(Location);
