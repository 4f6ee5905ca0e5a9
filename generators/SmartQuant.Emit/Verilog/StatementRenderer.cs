using System.Collections.Immutable;
using SmartQuant.Hdl.Ir;

namespace SmartQuant.Emit.Verilog;

/// <summary>Renders a projected statement tree as the body of an always block (blocking '=' or non-blocking '&lt;=').</summary>
internal sealed class StatementRenderer(ExprRenderer exprs, string owner, bool sequential)
{
    private readonly string _arrow = sequential ? "<=" : "=";

    public void Render(ImmutableArray<IrStmt> body, List<string> lines, int depth)
    {
        var pad = new string(' ', depth * 4);
        foreach (var s in body)
        {
            switch (s)
            {
                case IrAssign a:
                    lines.Add($"{pad}{a.Target.Name} {_arrow} {exprs.Top(a.Value, owner)};");
                    break;
                case IrMemWrite w:
                    lines.Add($"{pad}{w.Memory.Name}[{exprs.Operand(w.Address, owner)}] <= {exprs.Operand(w.Data, owner)};");
                    break;
                case IrIf w:
                    for (var i = 0; i < w.Branches.Length; i++)
                    {
                        var (cond, b) = w.Branches[i];
                        var head = i == 0 ? $"{pad}if ({exprs.Operand(cond, owner)}) begin" : $"{pad}end else if ({exprs.Operand(cond, owner)}) begin";
                        lines.Add(head);
                        Render(b, lines, depth + 1);
                    }
                    if (w.Else is { } e)
                    {
                        lines.Add($"{pad}end else begin");
                        Render(e, lines, depth + 1);
                    }
                    lines.Add($"{pad}end");
                    break;
                case IrCase c:
                    lines.Add($"{pad}case ({exprs.Operand(c.Selector, owner)})");
                    foreach (var (v, b) in c.Cases)
                    {
                        lines.Add($"{pad}    {ExprRenderer.Literal(v.Bits, v.W, false)}: begin");
                        Render(b, lines, depth + 2);
                        lines.Add($"{pad}    end");
                    }
                    // Verilator -Wall wants every case complete: an explicit empty default keeps the meaning.
                    var full = c.Cases.Length >= (1L << Math.Min(c.Selector.Width, 62));
                    if (c.Default is { } d || !full)
                    {
                        lines.Add($"{pad}    default: begin");
                        if (c.Default is { } dd) Render(dd, lines, depth + 2);
                        lines.Add($"{pad}    end");
                    }
                    lines.Add($"{pad}endcase");
                    break;
            }
        }
    }
}
