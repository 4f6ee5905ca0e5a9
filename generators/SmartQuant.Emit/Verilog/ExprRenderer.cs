using System.Numerics;
using SmartQuant.Hdl;
using SmartQuant.Hdl.Ir;

namespace SmartQuant.Emit.Verilog;

/// <summary>
/// Renders IR expressions as Verilog-2005 whose width is exact at every operator, so `verilator -Wall` finds no
/// WIDTH issue: operands are extended explicitly, and any nested operator becomes a named temporary wire
/// (`_target_k`) so that bit-selects and extensions always apply to names.
/// </summary>
internal sealed class ExprRenderer
{
    private readonly Dictionary<IrExpr, string> _temps = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, int> _tempCounts = new();

    /// <summary>Temporaries in creation order: declaration text and their defining expression.</summary>
    public List<(string Name, IrExpr Expr, string Definition)> Temps { get; } = [];

    /// <summary>Which bits of each temporary are read (a slice of an operator result reads only part of it).</summary>
    private readonly Dictionary<string, bool[]> _tempBitsRead = new();

    /// <summary>Unread bit ranges of temporaries, as "name[hi:lo]" (for the unused-bits sink).</summary>
    public IEnumerable<string> UnreadTempBits()
    {
        foreach (var (name, expr, _) in Temps)
        {
            var mask = _tempBitsRead.GetValueOrDefault(name) ?? new bool[expr.Width];
            for (var hi = expr.Width - 1; hi >= 0; hi--)
            {
                if (mask[hi]) continue;
                var lo = hi;
                while (lo > 0 && !mask[lo - 1]) lo--;
                yield return expr.Width == 1 ? name : lo == hi ? $"{name}[{hi}]" : $"{name}[{hi}:{lo}]";
                hi = lo;
            }
        }
    }

    private void MarkRead(IrExpr e, string name, int hi, int lo)
    {
        if (e is IrRef or IrConst) return;
        if (!_tempBitsRead.TryGetValue(name, out var mask)) _tempBitsRead[name] = mask = new bool[e.Width];
        for (var i = lo; i <= hi; i++) mask[i] = true;
    }

    /// <summary>The expression as it stands on the right of an assignment to a signal of its own width.</summary>
    public string Top(IrExpr e, string owner) => e switch
    {
        IrRef r => r.Signal.Name,
        IrConst c => Literal(c.Bits, c.W, c.S),
        IrOp o => RenderOp(o, owner),
        _ => throw new InvalidOperationException(e.GetType().Name),
    };

    /// <summary>A name or literal for <paramref name="e"/>, creating a temporary for operator results.</summary>
    public string Operand(IrExpr e, string owner)
    {
        var name = OperandName(e, owner);
        MarkRead(e, name, e.Width - 1, 0);
        return name;
    }

    private string OperandName(IrExpr e, string owner)
    {
        if (e is IrRef r) return r.Signal.Name;
        if (e is IrConst c) return Literal(c.Bits, c.W, c.S);
        if (_temps.TryGetValue(e, out var existing)) return existing;
        var stem = $"_{owner}";
        var k = _tempCounts.GetValueOrDefault(stem);
        _tempCounts[stem] = k + 1;
        var name = $"{stem}_{k}";
        var def = RenderOp((IrOp)e, owner); // may create deeper temporaries first: definition order stays valid
        _temps[e] = name;
        Temps.Add((name, e, def));
        return name;
    }

    private string RenderOp(IrOp o, string owner)
    {
        string A(int i) => Operand(o.Args[i], owner);
        IrExpr X(int i) => o.Args[i];
        switch (o.Op)
        {
            case Op.Add or Op.AddWrap: return $"{Ext(X(0), o.W, owner)} + {Ext(X(1), o.W, owner)}";
            case Op.Sub or Op.SubWrap: return $"{Ext(X(0), o.W, owner)} - {Ext(X(1), o.W, owner)}";
            case Op.Mul: return $"{A(0)} * {A(1)}";
            case Op.Neg: return $"-{Ext(X(0), o.W, owner)}";
            case Op.And: return $"{A(0)} & {A(1)}";
            case Op.Or: return $"{A(0)} | {A(1)}";
            case Op.Xor: return $"{A(0)} ^ {A(1)}";
            case Op.Not: return $"~{A(0)}";
            case Op.Eq or Op.Ne or Op.Lt or Op.Le or Op.Gt or Op.Ge:
            {
                var w = Math.Max(X(0).Width, X(1).Width);
                string Side(IrExpr x) => x.Signed && x.Width != w && x is not IrConst ? $"$signed({Ext(x, w, owner)})" : Ext(x, w, owner);
                var op = o.Op switch { Op.Eq => "==", Op.Ne => "!=", Op.Lt => "<", Op.Le => "<=", Op.Gt => ">", _ => ">=" };
                return $"{Side(X(0))} {op} {Side(X(1))}";
            }
            case Op.ShlConst: return $"{{{A(0)}, {o.P0}'b0}}";
            case Op.ShrConst: return Bits(X(0), X(0).Width - 1, o.P0, owner);
            case Op.ShlDyn: return $"{Ext(X(0), o.W, owner)} << {A(1)}";
            case Op.ShrDyn: return $"{A(0)} {(o.S ? ">>>" : ">>")} {A(1)}";
            case Op.Mux: return $"{A(0)} ? {A(1)} : {A(2)}";
            case Op.Cat: return $"{{{string.Join(", ", o.Args.Select((_, i) => A(i)))}}}";
            case Op.Slice: return Bits(X(0), o.P0, o.P1, owner);
            case Op.Repeat: return $"{{{o.P0}{{{A(0)}}}}}";
            case Op.AndReduce: return $"&{A(0)}";
            case Op.OrReduce: return $"|{A(0)}";
            case Op.XorReduce: return $"^{A(0)}";
            case Op.Extend: return Ext(X(0), o.W, owner);
            case Op.Truncate: return Bits(X(0), o.W - 1, 0, owner);
            case Op.AsSigned: return $"$signed({A(0)})";
            case Op.AsUnsigned: return $"$unsigned({A(0)})";
            case Op.MemRead: return $"{o.Memory!.Name}[{A(0)}]";
            default: throw new InvalidOperationException(o.Op.ToString());
        }
    }

    /// <summary><paramref name="x"/> widened to <paramref name="width"/> bits by its signedness.</summary>
    private string Ext(IrExpr x, int width, string owner)
    {
        if (x is IrConst c) return Literal(c.S ? SignExtend(c.Bits, c.W, width) : c.Bits, width, c.S);
        var name = Operand(x, owner);
        var extra = width - x.Width;
        if (extra == 0) return name;
        var fill = x.Signed ? (x.Width == 1 ? name : $"{name}[{x.Width - 1}]") : "1'b0";
        return extra == 1 ? $"{{{fill}, {name}}}" : $"{{{{{extra}{{{fill}}}}}, {name}}}";
    }

    /// <summary>Bits hi..lo of <paramref name="x"/>; constants are folded.</summary>
    private string Bits(IrExpr x, int hi, int lo, string owner)
    {
        if (x is IrConst c) return Literal((c.Bits >> lo) & ((BigInteger.One << (hi - lo + 1)) - 1), hi - lo + 1, false);
        var name = OperandName(x, owner);
        MarkRead(x, name, hi, lo);
        if (x.Width == 1) return name;
        return hi == lo ? $"{name}[{hi}]" : $"{name}[{hi}:{lo}]";
    }

    private static BigInteger SignExtend(BigInteger bits, int from, int to)
    {
        if ((bits >> (from - 1)).IsZero) return bits;
        return bits | (((BigInteger.One << (to - from)) - 1) << from);
    }

    /// <summary>A sized literal: decimal up to 32 bits, hex beyond; signed constants use the 's' base prefix.</summary>
    public static string Literal(BigInteger bits, int width, bool signed)
    {
        var hex = bits.ToString("x").TrimStart('0');
        if (hex.Length == 0) hex = "0";
        return signed ? $"{width}'sh{hex}" : width <= 32 ? $"{width}'d{bits}" : $"{width}'h{hex}";
    }
}
