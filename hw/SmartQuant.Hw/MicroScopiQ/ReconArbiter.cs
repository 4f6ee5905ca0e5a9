using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>
/// Round-robin arbiter of the shared ReCoN: up to <c>units</c> grants per cycle among the rows whose tap token still
/// waits for a unit (Request and not yet served), taken in cyclic row order starting at the pointer; the pointer then
/// moves past the last granted row. A granted row is marked served until the array advances (Advance), so rows that
/// lost retry while the array is frozen and are not served twice. LeftOver = more than <c>units</c> pending requests
/// stay ungranted (the pool registers its stall from it while frozen, see <see cref="SharedReconPool"/>); Lost = how
/// many were left in the first cycle at this position (nothing served yet), i.e. the row-tokens that have to wait
/// (arbitration conflicts, counted once per request as in the paper's conflict rate).
/// <para>Both are counts, not functions of the grant order: the grants take min(units, P) of the P pending requests,
/// so P − units are left when P &gt; units. They come from a popcount of the pending requests beside the grant chain
/// (through the chain they were 45 generic gate levels at 8×8 with two units).</para>
/// </summary>
public sealed class ReconArbiter : Module
{
    public readonly Signal Request, Advance;
    public readonly Signal[] Grant;
    public readonly Signal LeftOver, Lost;
    private readonly int _rows, _units;

    public override string? Variant => $"r{_rows}_g{_units}";

    public ReconArbiter(int rows, int units)
    {
        _rows = rows; _units = units;
        int pw = Logic.Log2Ceil(rows), lw = Logic.Log2Ceil(rows + 1);
        Request = In(rows); Advance = In();
        Grant = [.. Enumerable.Range(0, units).Select(_ => Out(rows))];
        LeftOver = Out(); Lost = Out(lw);

        var served = Reg(rows);
        var ptr = Reg(pw).Named("pointer");
        var atOrAfter = Logic.Cat(Enumerable.Range(0, rows).Reverse().Select(i => i >= (1 << pw) - 1 ? Logic.Lit(1, 1) : ptr <= i));
        Expr Lowest(Expr v) => v & (~v).AddWrap(1);
        Expr Index(Expr oneHot) => Logic.Cat(Enumerable.Range(0, pw).Reverse().Select(b =>
            Enumerable.Range(0, rows).Where(i => ((i >> b) & 1) != 0).Select(i => oneHot[i]).Aggregate(Logic.Lit(0, 1), (x, y) => x | y)));

        Expr pending = Request & ~served, left = pending, nextPtr = ptr;
        for (var k = 0; k < units; k++)
        {
            var late = left & atOrAfter;
            var pick = Logic.Mux(late.OrReduce(), Lowest(late), Lowest(left));
            Grant[k].Assign(pick);
            var idx = Index(pick);
            nextPtr = Logic.Mux(pick.OrReduce(), Logic.Mux(idx.Eq(rows - 1), Logic.Lit(0, pw), idx.AddWrap(1)), nextPtr);
            left = left & ~pick;
        }
        var count = PopCount(pending, lw);
        var waiting = units >= rows ? Logic.Lit(0, lw) : Logic.Mux(count > units, count.SubWrap(units), Logic.Lit(0, lw));   // popcount(left)
        LeftOver.Assign(2 * units >= rows ? Logic.Lit(0, 1) : count > 2 * units);                                           // popcount(left) > units
        // While frozen the taps hold the same tokens, so later cycles of a stall only retry the same requests.
        Lost.Assign(Logic.Mux(served.Eq(0), waiting, Logic.Lit(0, lw)));
        served.Assign(Logic.Mux(Advance, Logic.Lit(0, rows), served | (Request & ~left)));
        ptr.Assign(nextPtr);
    }

    /// <summary>Set bits of <paramref name="v"/> as a <paramref name="width"/>-bit count: a balanced adder tree.</summary>
    private static Expr PopCount(Expr v, int width)
    {
        Expr Count(int lo, int n) => n == 1 ? v[lo].Extend(width) : Count(lo, n / 2).AddWrap(Count(lo + n / 2, n - n / 2));
        return Count(0, v.Width);
    }
}
