namespace SmartQuant.Hdl;

/// <summary>A statement recorded while a module's constructor describes its behaviour.</summary>
public abstract record Stmt(SourceLocation Location);

/// <summary>target := value (combinational, next-state for registers, or a submodule input connection).</summary>
public sealed record AssignStmt(Signal Target, Expr Value, SourceLocation Location) : Stmt(Location);

/// <summary>mem[address] := data at the clock edge.</summary>
public sealed record MemWriteStmt(Memory Memory, Expr Address, Expr Data, SourceLocation Location) : Stmt(Location);

/// <summary>if / else-if chain; <see cref="Else"/> is null when there is no Otherwise.</summary>
public sealed record WhenStmt(List<(Expr Condition, List<Stmt> Body, SourceLocation At)> Branches, SourceLocation Location) : Stmt(Location)
{
    public List<Stmt>? Else { get; set; }
}

/// <summary>case statement over <see cref="Selector"/>; <see cref="Default"/> is null when absent.</summary>
public sealed record SwitchStmt(Expr Selector, List<(Const Value, List<Stmt> Body, SourceLocation At)> Cases, SourceLocation Location) : Stmt(Location)
{
    public List<Stmt>? Default { get; set; }
}
