using System.Numerics;

namespace SmartQuant.Hdl;

/// <summary>Free-standing constructors of expressions: literals, multiplexers, concatenation, replication.</summary>
public static class Logic
{
    /// <summary>A literal of an explicit width (and signedness); it must fit.</summary>
    public static Expr Lit(BigInteger value, int width, bool signed = false) => Const.Fitting(value, width, signed);

    /// <summary>cond ? a : b. Operands must have equal width and signedness.</summary>
    public static Expr Mux(Expr cond, Expr whenTrue, Expr whenFalse)
    {
        if (cond.Width != 1) throw Expr.Error($"Mux condition must be 1 bit, got {Expr.Describe(cond)}");
        if (whenTrue.Width != whenFalse.Width || whenTrue.Signed != whenFalse.Signed)
            throw Expr.Error($"Mux operands differ: {Expr.Describe(whenTrue)} vs {Expr.Describe(whenFalse)}; Extend/Truncate/AsSigned one of them");
        return new OpExpr(Op.Mux, whenTrue.Width, whenTrue.Signed, [cond, whenTrue, whenFalse]);
    }

    public static Expr Mux(Expr cond, Expr whenTrue, long whenFalse) => Mux(cond, whenTrue, whenTrue.Literal(whenFalse));
    public static Expr Mux(Expr cond, long whenTrue, Expr whenFalse) => Mux(cond, whenFalse.Literal(whenTrue), whenFalse);

    /// <summary>Concatenation, most significant part first; the result is unsigned.</summary>
    public static Expr Cat(params Expr[] parts)
    {
        if (parts.Length == 0) throw Expr.Error("Cat needs at least one part");
        if (parts.Length == 1) return parts[0].AsUnsigned();
        return new OpExpr(Op.Cat, parts.Sum(p => p.Width), false, parts);
    }

    public static Expr Cat(IEnumerable<Expr> parts) => Cat(parts.ToArray());

    /// <summary><paramref name="count"/> copies of <paramref name="part"/> side by side; unsigned.</summary>
    public static Expr Repeat(Expr part, int count)
    {
        if (count < 1) throw Expr.Error($"Repeat count must be >= 1 (got {count})");
        return count == 1 ? part.AsUnsigned() : new OpExpr(Op.Repeat, part.Width * count, false, [part], count);
    }

    /// <summary>Selects <c>items[index]</c> with a chain of multiplexers (index unsigned; out-of-range gives the last item).</summary>
    public static Expr Select(Expr index, IReadOnlyList<Expr> items)
    {
        if (items.Count == 0) throw Expr.Error("Select needs at least one item");
        if (index.Signed) throw Expr.Error("Select index must be unsigned");
        Expr result = items[^1];
        for (var i = items.Count - 2; i >= 0; i--)
            result = i < (BigInteger.One << index.Width) ? Mux(index.Eq(i), items[i], result) : result;
        return result;
    }

    /// <summary>Bits needed to hold values 0..n−1 (at least 1).</summary>
    public static int Log2Ceil(long n) => n <= 2 ? 1 : 64 - BitOperations.LeadingZeroCount((ulong)(n - 1));
}
