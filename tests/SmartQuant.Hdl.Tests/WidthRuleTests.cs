using SmartQuant.Hdl;
using static SmartQuant.Hdl.Tests.TestSupport;

namespace SmartQuant.Hdl.Tests;

/// <summary>The documented width and signedness rules of expressions (see Expr).</summary>
public class WidthRuleTests
{
    private static void With(Action<Probe> check) => new Probe(check);

    [Fact]
    public void ArithmeticGrowsToHoldTheExactResult() => With(p =>
    {
        Assert.Equal(9, (p.A + p.B).Width);
        Assert.Equal(9, (p.A - p.B).Width);
        Assert.Equal(16, (p.A * p.B).Width);
        Assert.Equal(12, (p.S8 * p.S4).Width);
        Assert.True((p.S8 * p.S4).Signed);
        Assert.Equal(9, (-p.S8).Width);
        Assert.Equal(10, (-p.A).Width); // unsigned: becomes signed with one more bit, then negated
        Assert.Equal(8, p.A.AddWrap(p.B).Width);
        Assert.Equal(9, (p.S8 + p.S4).Width);
    });

    [Fact]
    public void ShiftsAndSlices() => With(p =>
    {
        Assert.Equal(11, (p.A << 3).Width);
        Assert.Equal(5, (p.A >> 3).Width);
        Assert.Equal(8 + 15, p.A.ShiftLeft(p.A[3, 0]).Width);
        Assert.Equal(8, p.A.ShiftRight(p.A[2, 0]).Width);
        Assert.Equal(4, p.A[5, 2].Width);
        Assert.False(p.S8[5, 2].Signed);
        Assert.Equal(1, p.A[7].Width);
        Assert.Equal(16, Logic.Cat(p.A, p.B).Width);
        Assert.Equal(24, Logic.Repeat(p.A, 3).Width);
        Assert.True((p.S8 >> 2).Signed);
    });

    [Fact]
    public void ComparisonsAreOneBit() => With(p =>
    {
        Assert.Equal(1, (p.A < p.B).Width);
        Assert.Equal(1, p.S8.Eq(p.S4).Width);
        Assert.Equal(1, p.A.Ne(3).Width);
    });

    [Fact]
    public void ConversionsAreExplicit() => With(p =>
    {
        Assert.Equal(12, p.A.Extend(12).Width);
        Assert.Equal(3, p.A.Truncate(3).Width);
        Assert.Equal(9, p.A.ToSigned().Width);
        Assert.True(p.A.ToSigned().Signed);
        Assert.True(p.A.AsSigned().Signed);
        Assert.Equal(8, p.A.AsSigned().Width);
        Assert.Equal(3, p.A.Resize(3).Width);
        Assert.Equal(10, p.A.Resize(10).Width);
    });

    [Fact]
    public void MixingSignednessIsRejectedAtTheUsersLine()
    {
        var line = 0;
        var e = Assert.Throws<ElaborationException>(() => new Probe(p => { line = Here(); _ = p.A + p.S8; }));
        PointsAt(e, line);
        Assert.Contains("operator + mixes a signed and an unsigned operand (unsigned 8-bit 'a' and signed 8-bit 's8')", e.Message);
    }

    [Fact]
    public void BitwiseOperandsMustHaveEqualWidth()
    {
        var line = 0;
        var e = Assert.Throws<ElaborationException>(() => new Probe(p => { line = Here(); _ = p.A & p.A[3, 0]; }));
        PointsAt(e, line);
        Assert.Contains("operator & needs operands of equal width, got 8 and 4 bits", e.Message);
    }

    [Fact]
    public void LiteralsMustFit()
    {
        var e = Assert.Throws<ElaborationException>(() => new Probe(p => _ = p.A + 256));
        Assert.Contains("literal 256 does not fit in a unsigned 8-bit value (range 0..255)", e.Message);
        var s = Assert.Throws<ElaborationException>(() => new Probe(p => _ = p.S4 + (-9)));
        Assert.Contains("range -8..7", s.Message);
    }

    [Fact]
    public void TruncateAndExtendRefuseTheWrongDirection()
    {
        Assert.Contains("would grow", Assert.Throws<ElaborationException>(() => new Probe(p => p.A.Truncate(9))).Message);
        Assert.Contains("would shrink", Assert.Throws<ElaborationException>(() => new Probe(p => p.A.Extend(7))).Message);
        Assert.Contains("outside this 8-bit value", Assert.Throws<ElaborationException>(() => new Probe(p => _ = p.A[8, 0])).Message);
    }

    [Fact]
    public void ConditionsMustBeOneBit()
    {
        var line = 0;
        var e = Assert.Throws<ElaborationException>(() => new Probe(p => { line = Here(); p.When(p.A, () => { }); }));
        PointsAt(e, line);
        Assert.Contains("a condition must be 1 bit, got unsigned 8-bit 'a'", e.Message);
    }

    [Fact]
    public void ConstantsKeepTheirTwoComplementBits()
    {
        var c = (Const)Logic.Lit(-3, 4, signed: true);
        Assert.Equal(13, (int)c.Bits);
        Assert.Equal(-3, (int)c.Value);
    }
}
