using System.Text;

namespace SmartQuant.Hdl.Ir;

/// <summary>
/// A canonical text form of a module body. It identifies a parameterization (equal text ⇒ one Verilog module)
/// and is handy when debugging the kit.
/// </summary>
public static class IrPrinter
{
    public static string Print(IrModule m, Func<IrInstance, string> childKey)
    {
        var sb = new StringBuilder();
        sb.Append("class ").Append(m.ClassName).Append(" clock ").Append(m.HasClock).Append('\n');
        foreach (var p in m.Ports) Signal(sb, "port", p);
        foreach (var s in m.Signals) Signal(sb, "sig", s);
        foreach (var mem in m.Memories) sb.Append($"mem {mem.Name} {mem.Depth}x{mem.Width} {mem.Signed} @{mem.Location.Short}\n");
        foreach (var i in m.Instances)
        {
            sb.Append($"inst {i.Name} {childKey(i)} @{i.Location.Short}");
            foreach (var (port, wire) in i.Connections) sb.Append(' ').Append(port).Append('=').Append(wire.Name);
            sb.Append('\n');
        }
        foreach (var s in m.Body) Stmt(sb, s, 0);
        return sb.ToString();
    }

    private static void Signal(StringBuilder sb, string what, IrSignal s) =>
        sb.Append($"{what} {s.Kind} {s.Name} {s.Width} {s.Signed} {s.Reset} @{s.Location.Short}\n");

    private static void Stmt(StringBuilder sb, IrStmt s, int depth)
    {
        sb.Append(' ', depth * 2);
        switch (s)
        {
            case IrAssign a: sb.Append($"{a.Target.Name} := {Expr(a.Value)} @{a.Location.Short}\n"); break;
            case IrMemWrite w: sb.Append($"{w.Memory.Name}[{Expr(w.Address)}] := {Expr(w.Data)} @{w.Location.Short}\n"); break;
            case IrIf w:
                foreach (var (c, b) in w.Branches)
                {
                    sb.Append($"if {Expr(c)}\n");
                    foreach (var x in b) Stmt(sb, x, depth + 1);
                    sb.Append(' ', depth * 2);
                }
                sb.Append("else\n");
                if (w.Else is { } e) foreach (var x in e) Stmt(sb, x, depth + 1);
                break;
            case IrCase c:
                sb.Append($"case {Expr(c.Selector)}\n");
                foreach (var (v, b) in c.Cases)
                {
                    sb.Append(' ', depth * 2).Append($"is {v.Bits}\n");
                    foreach (var x in b) Stmt(sb, x, depth + 1);
                }
                if (c.Default is { } d)
                {
                    sb.Append(' ', depth * 2).Append("default\n");
                    foreach (var x in d) Stmt(sb, x, depth + 1);
                }
                break;
        }
    }

    public static string Expr(IrExpr e) => e switch
    {
        IrRef r => r.Signal.Name,
        IrConst c => $"{c.W}'{(c.S ? "s" : "")}{c.Bits}",
        IrOp o => $"{o.Op}<{o.W},{(o.S ? 's' : 'u')},{o.P0},{o.P1}{(o.Memory is { } m ? "," + m.Name : "")}>({string.Join(", ", o.Args.Select(Expr))})",
        _ => throw new InvalidOperationException(e.GetType().Name),
    };
}
