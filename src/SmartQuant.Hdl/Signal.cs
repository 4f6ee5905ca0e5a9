using System.Numerics;
using System.Runtime.CompilerServices;

namespace SmartQuant.Hdl;

public enum SignalKind { Input, Output, Wire, Reg }

/// <summary>
/// A named piece of hardware state or wiring: a port, a wire or a register. Its name comes from the C# member
/// that holds it (or <see cref="Named"/>), resolved when the design is elaborated.
/// </summary>
public sealed class Signal : Expr
{
    public SignalKind Kind { get; }
    public Module Owner { get; }
    public SourceLocation Location { get; }
    /// <summary>Reset value of a register (null: the register has no reset).</summary>
    public BigInteger? Reset { get; }
    internal string? ExplicitName { get; private set; }
    internal string? Name { get; set; }
    internal int Seq { get; }

    internal Signal(Module owner, SignalKind kind, int width, bool signed, BigInteger? reset, SourceLocation location)
        : base(width, signed)
    {
        Owner = owner;
        Kind = kind;
        Reset = reset;
        Location = location;
        Seq = owner.NextSeq();
    }

    /// <summary>The same port on a Reuse copy of this signal's module.</summary>
    internal Signal CopyTo(Module owner) => new(owner, Kind, Width, Signed, Reset, Location) { ExplicitName = ExplicitName };

    /// <summary>Gives the signal an explicit Verilog name (otherwise the C# member name, in snake_case).</summary>
    public Signal Named(string name)
    {
        Naming.RequireIdentifier(name, Location);
        ExplicitName = name;
        return this;
    }

    /// <summary>The resolved name (after elaboration), or the best description available before.</summary>
    public string DisplayName => Name ?? ExplicitName ?? Naming.EarlyName(this) ?? $"{Kind.ToString().ToLowerInvariant()} declared at {Location.Short}";

    /// <summary>
    /// Drives this signal: a wire or output gets the value combinationally, a register gets it at the next clock
    /// edge, an input of a submodule is connected. Inside When/Switch bodies the assignment is conditional.
    /// Width and signedness must match exactly.
    /// </summary>
    public void Assign(Expr value, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
        => Scope().Record(new AssignStmt(this, value, new SourceLocation(file, line)));

    /// <summary>Drives this signal with an integer literal of its own width and signedness.</summary>
    public void Assign(long value, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var at = new SourceLocation(file, line);
        Const literal;
        try { literal = Const.Fitting(value, Width, Signed); }
        catch (ElaborationException e) { throw new ElaborationException(at, $"{e.Problem} (assigning '{DisplayName}')"); }
        Scope().Record(new AssignStmt(this, literal, at));
    }

    /// <summary>
    /// The module in which an assignment to this signal is written. A module is fully constructed before it is
    /// instantiated, so once its owner has a parent, an assignment can only come from that parent (a connection).
    /// </summary>
    private Module Scope() => Owner.Parent ?? Owner;

    internal override string Label() => $"'{DisplayName}'";
}
