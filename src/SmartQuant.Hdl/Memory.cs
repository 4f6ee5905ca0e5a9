using System.Numerics;
using System.Runtime.CompilerServices;

namespace SmartQuant.Hdl;

/// <summary>
/// A register file: <see cref="Depth"/> words of <see cref="Width"/> bits, combinational read, synchronous write.
/// Depth is a power of two so every address is in range (an out-of-range read would differ between simulators).
/// Contents are not reset: models and tests must not read a word before writing it.
/// </summary>
public sealed class Memory
{
    public Module Owner { get; }
    public int Depth { get; }
    public int Width { get; }
    public bool Signed { get; }
    public int AddressWidth { get; }
    public SourceLocation Location { get; }
    internal string? ExplicitName { get; private set; }
    internal string? Name { get; set; }
    internal int Seq { get; }

    internal Memory(Module owner, int depth, int width, bool signed, SourceLocation location)
    {
        if (depth < 2 || (depth & (depth - 1)) != 0)
            throw new ElaborationException(location, $"memory depth must be a power of two >= 2 (got {depth})");
        if (width < 1) throw new ElaborationException(location, $"memory width must be at least 1 bit (got {width})");
        Owner = owner;
        Depth = depth;
        Width = width;
        Signed = signed;
        AddressWidth = BitOperations.Log2((uint)depth);
        Location = location;
        Seq = owner.NextSeq();
    }

    public Memory Named(string name)
    {
        Naming.RequireIdentifier(name, Location);
        ExplicitName = name;
        return this;
    }

    public string DisplayName => Name ?? ExplicitName ?? $"memory declared at {Location.Short}";

    /// <summary>Combinational read of the word at <paramref name="address"/> (unsigned, exactly AddressWidth bits).</summary>
    public Expr Read(Expr address, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        RequireAddress(address, new SourceLocation(file, line));
        return new OpExpr(Op.MemRead, Width, Signed, [address], memory: this);
    }

    /// <summary>Writes <paramref name="data"/> at the next clock edge (conditional when inside When/Switch).</summary>
    public void Write(Expr address, Expr data, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var at = new SourceLocation(file, line);
        RequireAddress(address, at);
        Owner.Record(new MemWriteStmt(this, address, data, at));
    }

    private void RequireAddress(Expr address, SourceLocation at)
    {
        if (address.Signed || address.Width != AddressWidth)
            throw new ElaborationException(at, $"address of memory '{DisplayName}' must be unsigned {AddressWidth} bits, got {Expr.Describe(address)}");
    }
}
