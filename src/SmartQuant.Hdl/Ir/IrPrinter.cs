using System.Text;

namespace SmartQuant.Hdl.Ir;

/// <summary>
/// A canonical text form of a module body. It identifies a parameterization (equal text ⇒ one Verilog module)
/// and is handy when debugging the kit. It is computed for every module instance, so it appends straight into one
/// buffer and writes each shared subexpression once.
/// </summary>
public static class IrPrinter
{
    public static string Print(IrModule m, Func<IrInstance, string> childKey) => new Printer(share: true).Module(m, childKey);

    /// <summary>Prints one expression tree (shared subexpressions are written out in full).</summary>
    public static string Expr(IrExpr e)
    {
        var sb = new StringBuilder();
        new Printer(share: false).Expr(sb, e);
        return sb.ToString();
    }

    /// <summary>
    /// One printing pass. Expressions are DAGs (a decoded select feeds many muxes): with sharing, each operator node
    /// is written once as "#n=…" and referred to as "#n" afterwards, keeping the text linear in the design's size.
    /// </summary>
    private sealed class Printer(bool share)
    {
        private readonly Dictionary<IrExpr, int> _ids = new(ReferenceEqualityComparer.Instance);

        public string Module(IrModule m, Func<IrInstance, string> childKey)
        {
            var sb = new StringBuilder(256);
            sb.Append("class ").Append(m.ClassName).Append(" clock ").Append(m.HasClock).Append('\n');
            foreach (var p in m.Ports) Signal(sb, "port ", p);
            foreach (var s in m.Signals) Signal(sb, "sig ", s);
            foreach (var mem in m.Memories)
                sb.Append("mem ").Append(mem.Name).Append(' ').Append(mem.Depth).Append('x').Append(mem.Width).Append(' ')
                  .Append(mem.Signed).Append(" @").Append(mem.Location.Short).Append('\n');
            foreach (var i in m.Instances)
            {
                sb.Append("inst ").Append(i.Name).Append(' ').Append(childKey(i)).Append(" @").Append(i.Location.Short);
                foreach (var (port, wire) in i.Connections) sb.Append(' ').Append(port).Append('=').Append(wire.Name);
                sb.Append('\n');
            }
            foreach (var s in m.Body) Stmt(sb, s, 0);
            return sb.ToString();
        }

        private static void Signal(StringBuilder sb, string what, IrSignal s)
        {
            sb.Append(what).Append(KindNames[(int)s.Kind]).Append(' ').Append(s.Name).Append(' ').Append(s.Width).Append(' ').Append(s.Signed).Append(' ');
            if (s.Reset is { } reset) sb.Append(reset.ToString());
            sb.Append(" @").Append(s.Location.Short).Append('\n');
        }

        /// <summary>SignalKind names without boxing the enum for every signal.</summary>
        private static readonly string[] KindNames = Enum.GetNames<SignalKind>();

        private void Block(StringBuilder sb, IEnumerable<IrStmt> body, int depth)
        {
            foreach (var x in body) Stmt(sb, x, depth);
        }

        private void Stmt(StringBuilder sb, IrStmt s, int depth)
        {
            sb.Append(' ', depth * 2);
            switch (s)
            {
                case IrAssign a:
                    sb.Append(a.Target.Name).Append(" := ");
                    Expr(sb, a.Value);
                    sb.Append(" @").Append(a.Location.Short).Append('\n');
                    break;
                case IrMemWrite w:
                    sb.Append(w.Memory.Name).Append('[');
                    Expr(sb, w.Address);
                    sb.Append("] := ");
                    Expr(sb, w.Data);
                    sb.Append(" @").Append(w.Location.Short).Append('\n');
                    break;
                case IrIf w:
                    foreach (var (c, b) in w.Branches)
                    {
                        sb.Append("if ");
                        Expr(sb, c);
                        sb.Append('\n');
                        Block(sb, b, depth + 1);
                        sb.Append(' ', depth * 2);
                    }
                    sb.Append("else\n");
                    if (w.Else is { } e) Block(sb, e, depth + 1);
                    break;
                case IrCase c:
                    sb.Append("case ");
                    Expr(sb, c.Selector);
                    sb.Append('\n');
                    foreach (var (v, b) in c.Cases)
                    {
                        sb.Append(' ', depth * 2).Append("is ").Append(v.Bits).Append('\n');
                        Block(sb, b, depth + 1);
                    }
                    if (c.Default is { } d)
                    {
                        sb.Append(' ', depth * 2).Append("default\n");
                        Block(sb, d, depth + 1);
                    }
                    break;
            }
        }

        public void Expr(StringBuilder sb, IrExpr e)
        {
            switch (e)
            {
                case IrRef r:
                    sb.Append(r.Signal.Name);
                    break;
                case IrConst c:
                    sb.Append(c.W).Append('\'').Append(c.S ? "s" : "").Append(c.Bits);
                    break;
                case IrOp o:
                    if (share)
                    {
                        if (_ids.TryGetValue(o, out var id)) { sb.Append('#').Append(id); return; }
                        _ids[o] = id = _ids.Count;
                        sb.Append('#').Append(id).Append('=');
                    }
                    sb.Append(o.Op).Append('<').Append(o.W).Append(',').Append(o.S ? 's' : 'u').Append(',').Append(o.P0).Append(',').Append(o.P1);
                    if (o.Memory is { } m) sb.Append(',').Append(m.Name);
                    sb.Append(">(");
                    for (var i = 0; i < o.Args.Length; i++)
                    {
                        if (i > 0) sb.Append(", ");
                        Expr(sb, o.Args[i]);
                    }
                    sb.Append(')');
                    break;
                default:
                    throw new InvalidOperationException(e.GetType().Name);
            }
        }
    }
}
