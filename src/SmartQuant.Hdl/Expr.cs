using System.Numerics;
using System.Runtime.CompilerServices;

namespace SmartQuant.Hdl;

/// <summary>
/// A combinational expression with an exact width and signedness. Nothing is ever truncated silently:
/// <list type="bullet">
/// <item><c>a + b</c>, <c>a - b</c>: max(wa, wb) + 1 bits (exact). <c>AddWrap</c>/<c>SubWrap</c>: max(wa, wb) bits (wraps, by request).</item>
/// <item><c>a * b</c>: wa + wb bits. <c>-a</c>: wa + 1 bits, signed.</item>
/// <item><c>&amp; | ^ ~</c>: operands of equal width; result has that width.</item>
/// <item><c>&lt; &lt;= &gt; &gt;=</c>, <c>Eq</c>, <c>Ne</c>: any widths, 1 bit result.</item>
/// <item><c>a &lt;&lt; n</c>: wa + n; <c>a &gt;&gt; n</c>: wa − n (arithmetic when signed). Dynamic: <c>ShiftLeft(b)</c> wa + 2^wb − 1, <c>ShiftRight(b)</c> wa.</item>
/// <item><c>Logic.Cat</c>: sum of widths, unsigned. <c>a[hi, lo]</c>: hi − lo + 1 bits, unsigned. <c>a[i]</c>: 1 bit.</item>
/// <item><c>Extend(w)</c> (w ≥ wa, sign- or zero-extends by signedness), <c>Truncate(w)</c> (w ≤ wa, keeps the low bits), <c>Resize(w)</c> either.</item>
/// </list>
/// Signed and unsigned operands never mix in arithmetic or comparison: convert explicitly with
/// <c>AsSigned()</c>/<c>AsUnsigned()</c> (same bits) or <c>ToSigned()</c> (zero-extend by one bit, then signed).
/// Integer literals take the width and signedness of the other operand and must fit in it.
/// </summary>
public abstract class Expr
{
    private static int _nextId;

    public int Width { get; }
    public bool Signed { get; }
    /// <summary>
    /// A process-wide serial number, used as the hash code: elaboration keys large dictionaries by expression
    /// identity, and the runtime's identity hash is slow to create for millions of fresh objects.
    /// </summary>
    internal int Id { get; } = Interlocked.Increment(ref _nextId);

    protected Expr(int width, bool signed)
    {
        if (width < 1) throw Error($"width must be at least 1 bit (got {width})");
        Width = width;
        Signed = signed;
    }

    // ---- arithmetic ----
    public static Expr operator +(Expr a, Expr b) => Arith(Op.Add, a, b, Math.Max(a.Width, b.Width) + 1);
    public static Expr operator -(Expr a, Expr b) => Arith(Op.Sub, a, b, Math.Max(a.Width, b.Width) + 1);
    public static Expr operator *(Expr a, Expr b) => Arith(Op.Mul, a, b, a.Width + b.Width);
    public static Expr operator -(Expr a) { var s = a.Signed ? a : a.ToSigned(); return new OpExpr(Op.Neg, s.Width + 1, true, [s]); }
    public static Expr operator +(Expr a, long b) => a + a.Literal(b);
    public static Expr operator -(Expr a, long b) => a - a.Literal(b);
    public static Expr operator *(Expr a, long b) => a * a.Literal(b);
    public static Expr operator +(long a, Expr b) => b.Literal(a) + b;
    public static Expr operator -(long a, Expr b) => b.Literal(a) - b;
    public static Expr operator *(long a, Expr b) => b.Literal(a) * b;

    /// <summary>Sum at max(wa, wb) bits: the carry out is dropped on purpose (counters, address wrap).</summary>
    public Expr AddWrap(Expr b) => Arith(Op.AddWrap, this, b, Math.Max(Width, b.Width));
    public Expr AddWrap(long b) => AddWrap(Literal(b));
    /// <summary>Difference at max(wa, wb) bits: the borrow is dropped on purpose.</summary>
    public Expr SubWrap(Expr b) => Arith(Op.SubWrap, this, b, Math.Max(Width, b.Width));
    public Expr SubWrap(long b) => SubWrap(Literal(b));

    // ---- bitwise ----
    public static Expr operator &(Expr a, Expr b) => Bitwise(Op.And, a, b);
    public static Expr operator |(Expr a, Expr b) => Bitwise(Op.Or, a, b);
    public static Expr operator ^(Expr a, Expr b) => Bitwise(Op.Xor, a, b);
    public static Expr operator &(Expr a, long b) => a & a.Literal(b);
    public static Expr operator |(Expr a, long b) => a | a.Literal(b);
    public static Expr operator ^(Expr a, long b) => a ^ a.Literal(b);
    public static Expr operator ~(Expr a) => new OpExpr(Op.Not, a.Width, a.Signed, [a]);
    /// <summary>Logical not of a 1-bit condition.</summary>
    public static Expr operator !(Expr a) => a.Width == 1 ? ~a : throw Error($"'!' needs a 1-bit condition but the operand is {a.Width} bits; compare it first (e.g. x.Eq(0))");

    // ---- comparison ----
    public static Expr operator <(Expr a, Expr b) => Compare(Op.Lt, a, b);
    public static Expr operator <=(Expr a, Expr b) => Compare(Op.Le, a, b);
    public static Expr operator >(Expr a, Expr b) => Compare(Op.Gt, a, b);
    public static Expr operator >=(Expr a, Expr b) => Compare(Op.Ge, a, b);
    public static Expr operator <(Expr a, long b) => a < a.Literal(b);
    public static Expr operator <=(Expr a, long b) => a <= a.Literal(b);
    public static Expr operator >(Expr a, long b) => a > a.Literal(b);
    public static Expr operator >=(Expr a, long b) => a >= a.Literal(b);
    public Expr Eq(Expr b) => Compare(Op.Eq, this, b);
    public Expr Ne(Expr b) => Compare(Op.Ne, this, b);
    public Expr Eq(long b) => Eq(Literal(b));
    public Expr Ne(long b) => Ne(Literal(b));

    // ---- shifts ----
    public static Expr operator <<(Expr a, int n) => n < 0 ? throw Error($"shift amount must be >= 0 (got {n})")
        : n == 0 ? a : new OpExpr(Op.ShlConst, a.Width + n, a.Signed, [a], n);
    public static Expr operator >>(Expr a, int n) => n < 0 || n >= a.Width
        ? throw Error($"constant right shift by {n} of a {a.Width}-bit value leaves no bits (allowed 0..{a.Width - 1})")
        : n == 0 ? a : new OpExpr(Op.ShrConst, a.Width - n, a.Signed, [a], n);
    /// <summary>Shift left by a run-time amount; the result is wide enough for the largest amount.</summary>
    public Expr ShiftLeft(Expr amount)
    {
        RequireUnsigned(amount, "shift amount");
        if (amount.Width > 12) throw Error($"dynamic shift amount of {amount.Width} bits would make a result wider than 4096 bits; truncate the amount first");
        return new OpExpr(Op.ShlDyn, Width + (1 << amount.Width) - 1, Signed, [this, amount]);
    }
    /// <summary>Shift right by a run-time amount (arithmetic when signed); the width is kept.</summary>
    public Expr ShiftRight(Expr amount)
    {
        RequireUnsigned(amount, "shift amount");
        return new OpExpr(Op.ShrDyn, Width, Signed, [this, amount]);
    }

    // ---- bits ----
    /// <summary>Bits hi..lo (inclusive), unsigned.</summary>
    public Expr this[int hi, int lo] => hi < lo || lo < 0 || hi >= Width
        ? throw Error($"slice [{hi}:{lo}] is outside this {Width}-bit value (bits {Width - 1}..0)")
        : (lo == 0 && hi == Width - 1 && !Signed) ? this : new OpExpr(Op.Slice, hi - lo + 1, false, [this], hi, lo);
    /// <summary>One bit.</summary>
    public Expr this[int bit] => this[bit, bit];
    public Expr Msb => this[Width - 1];

    public Expr AndReduce() => new OpExpr(Op.AndReduce, 1, false, [this]);
    public Expr OrReduce() => new OpExpr(Op.OrReduce, 1, false, [this]);
    public Expr XorReduce() => new OpExpr(Op.XorReduce, 1, false, [this]);

    // ---- width and signedness conversion ----
    public Expr Extend(int width) => width < Width ? throw Error($"Extend({width}) would shrink a {Width}-bit value; use Truncate")
        : width == Width ? this : new OpExpr(Op.Extend, width, Signed, [this]);
    public Expr Truncate(int width) => width > Width ? throw Error($"Truncate({width}) would grow a {Width}-bit value; use Extend")
        : width == Width ? this : new OpExpr(Op.Truncate, width, Signed, [this]);
    /// <summary>Extend or truncate to <paramref name="width"/>: an explicit request, so either is allowed.</summary>
    public Expr Resize(int width) => width >= Width ? Extend(width) : Truncate(width);
    /// <summary>The same bits read as two's complement.</summary>
    public Expr AsSigned() => Signed ? this : new OpExpr(Op.AsSigned, Width, true, [this]);
    /// <summary>The same bits read as unsigned.</summary>
    public Expr AsUnsigned() => !Signed ? this : new OpExpr(Op.AsUnsigned, Width, false, [this]);
    /// <summary>An unsigned value as a signed one that keeps its magnitude (one more bit).</summary>
    public Expr ToSigned() => Signed ? this : Extend(Width + 1).AsSigned();

    /// <summary>An integer literal with this expression's width and signedness; it must fit.</summary>
    public Expr Literal(long value) => Const.Fitting(value, Width, Signed);

    // ---- helpers ----
    private static Expr Arith(Op op, Expr a, Expr b, int width)
    {
        RequireSameSignedness(op, a, b);
        return new OpExpr(op, width, a.Signed, [a, b]);
    }

    private static Expr Bitwise(Op op, Expr a, Expr b)
    {
        if (a.Width != b.Width)
            throw Error($"operator {OpText(op)} needs operands of equal width, got {a.Width} and {b.Width} bits; use Extend/Truncate to say which you mean");
        RequireSameSignedness(op, a, b);
        return new OpExpr(op, a.Width, a.Signed, [a, b]);
    }

    private static Expr Compare(Op op, Expr a, Expr b)
    {
        RequireSameSignedness(op, a, b);
        return new OpExpr(op, 1, false, [a, b]);
    }

    private static void RequireSameSignedness(Op op, Expr a, Expr b)
    {
        if (a.Signed != b.Signed)
            throw Error($"operator {OpText(op)} mixes a signed and an unsigned operand ({Describe(a)} and {Describe(b)}); convert one with AsSigned()/AsUnsigned()/ToSigned()");
    }

    private static void RequireUnsigned(Expr e, string what)
    {
        if (e.Signed) throw Error($"{what} must be unsigned; use AsUnsigned()");
    }

    internal static string Describe(Expr e) => $"{(e.Signed ? "signed" : "unsigned")} {e.Width}-bit {e.Label()}";

    /// <summary>A short label for error messages: a signal's name, or the kind of expression.</summary>
    internal virtual string Label() => "expression";

    internal static string OpText(Op op) => op switch
    {
        Op.Add => "+", Op.Sub => "-", Op.Mul => "*", Op.And => "&", Op.Or => "|", Op.Xor => "^",
        Op.Lt => "<", Op.Le => "<=", Op.Gt => ">", Op.Ge => ">=", Op.Eq => "Eq", Op.Ne => "Ne",
        _ => op.ToString(),
    };

    /// <summary>An elaboration error at the user's line (found by a stack walk: operators have no caller info).</summary>
    internal static ElaborationException Error(string problem) => new(CallerLocator.FirstUserFrame(), problem);

    // Operators ==/!= stay reference equality (needed by collections); hardware equality is Eq/Ne.
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);
    public override int GetHashCode() => Id;
}

/// <summary>A constant. <see cref="Bits"/> holds the two's-complement bit pattern (always non-negative).</summary>
public sealed class Const : Expr
{
    public BigInteger Bits { get; }

    public Const(BigInteger bits, int width, bool signed) : base(width, signed)
    {
        if (bits.Sign < 0 || bits >> width != 0) throw Error($"constant bit pattern {bits} does not fit in {width} bits");
        Bits = bits;
    }

    /// <summary>The value the bits stand for (negative for a signed constant with its top bit set).</summary>
    public BigInteger Value => Signed && !(Bits >> (Width - 1)).IsZero ? Bits - (BigInteger.One << Width) : Bits;

    public static Const Fitting(BigInteger value, int width, bool signed)
    {
        var min = signed ? -(BigInteger.One << (width - 1)) : BigInteger.Zero;
        var max = signed ? (BigInteger.One << (width - 1)) - 1 : (BigInteger.One << width) - 1;
        if (value < min || value > max)
            throw Error($"literal {value} does not fit in a {(signed ? "signed" : "unsigned")} {width}-bit value (range {min}..{max})");
        return new Const(value < 0 ? value + (BigInteger.One << width) : value, width, signed);
    }

    internal override string Label() => $"constant {Value}";
}

/// <summary>An operator applied to operands; <see cref="P0"/>/<see cref="P1"/> carry static parameters (shift, slice bounds).</summary>
public sealed class OpExpr : Expr
{
    public Op Op { get; }
    public IReadOnlyList<Expr> Args { get; }
    public int P0 { get; }
    public int P1 { get; }
    internal Memory? Memory { get; }

    internal OpExpr(Op op, int width, bool signed, Expr[] args, int p0 = 0, int p1 = 0, Memory? memory = null)
        : base(width, signed)
    {
        Op = op;
        Args = args;
        P0 = p0;
        P1 = p1;
        Memory = memory;
    }

    internal override string Label() => $"'{OpText(Op)}' result";
}

/// <summary>Reference equality with <see cref="Expr.Id"/> as the hash of expressions (see there why).</summary>
internal sealed class IdentityComparer : IEqualityComparer<object>
{
    public static readonly IdentityComparer Instance = new();
    public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);
    public int GetHashCode(object obj) => obj is Expr e ? e.Id : RuntimeHelpers.GetHashCode(obj);
}
