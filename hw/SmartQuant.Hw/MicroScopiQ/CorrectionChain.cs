using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>
/// Shared-ReCoN correction sums of the tokens in flight, kept in a RAM indexed by token slot instead of a shifting
/// register chain. It behaves exactly like a chain of Depth stages, one per PE row (stage ReconFlight + 1 + r holds what
/// row r's own chain register holds in the one-per-row design: a token's corrections of rows 0…r) plus ReconFlight + 1
/// above row 0 (ReconFlight = SharedEntryStages + Stages + MergeStages: corrections can be that early), shifting one
/// stage per enabled cycle, whose last stage meets the deskewed psums at the array bottom.
/// <para>
/// Why a RAM: nothing has to move. With A the count of enabled cycles (modulo RingSize ≥ Depth), chain stage i is
/// slot A − i, so a token keeps its slot for its whole flight: a shift is only A + 1. A unit whose token is at stage
/// r + e (frozen: adds to that stage; advancing: to the next one, which is then the same slot) writes slot
/// A − (r + e), which the pool computes at the grant as the count then minus r and carries through the flight
/// (<see cref="SharedReconPool"/>): a register, so the read-modify-write address is known at the start of the cycle.
/// The bottom reads slot A − (Depth − 1), also a register. A slot entering stage 0 (slot A + 1 when advancing) must
/// read as zero: one "written" flag per slot is cleared then and set by the units' writes, and both reads return zero
/// for a slot whose flag is clear, so the RAM needs no clearing port and no reset. Units granted in one cycle serve
/// different rows, hence different tokens and slots.
/// </para>
/// </summary>
public sealed class CorrectionChain : Module
{
    public readonly Signal Enable;
    public readonly Signal[] InValid, InSlot, InCorr;
    public readonly Signal[] Sum;
    private readonly MicroScopiQConfig _cfg;

    public override string? Variant => $"r{_cfg.Rows}_c{_cfg.Cols}_g{_cfg.ReconUnits}_a{_cfg.AccumulatorWidth}";

    /// <summary>Stages: Rows plus ReconFlight + 1 above row 0 (a result can be up to ReconFlight enabled cycles early, and one more
    /// while the array is frozen).</summary>
    public static int Depth(MicroScopiQConfig cfg) => cfg.Rows + cfg.ReconFlight + 1;
    /// <summary>Slots in the ring: P + Q ≥ Depth with P the largest power of two ≤ Depth and Q the smallest power of two
    /// (≥ 2) covering the rest, or 0 (the kit's memories have power-of-two depths): 64×64 has Depth 77 and 80 slots in a
    /// 64-word and a 16-word RAM instead of 128 words in one.</summary>
    public static (int Low, int High) Banks(MicroScopiQConfig cfg)
    {
        int d = Depth(cfg), p = 1 << (Logic.Log2Ceil(d + 1) - 1), rest = d - p;
        return (p, rest == 0 ? 0 : Math.Max(2, 1 << Logic.Log2Ceil(rest)));
    }
    public static int RingSize(MicroScopiQConfig cfg) => Banks(cfg).Low + Banks(cfg).High;
    /// <summary>Slot bits: values 0 … RingSize − 1 (the counts wrap at RingSize).</summary>
    public static int SlotBits(MicroScopiQConfig cfg) => Logic.Log2Ceil(RingSize(cfg));
    /// <summary>count + 1 modulo RingSize.</summary>
    public static Expr Next(Expr count, int ring) => Logic.Mux(count.Eq(ring - 1), 0, count.AddWrap(1));

    public CorrectionChain(MicroScopiQConfig cfg)
    {
        _cfg = cfg;
        int n = cfg.Lanes, aw = cfg.AccumulatorWidth, g = cfg.ReconUnits, depth = Depth(cfg), sb = SlotBits(cfg), w = n * aw;
        Enable = In();
        InValid = [.. Enumerable.Range(0, g).Select(_ => In())];
        InSlot = [.. Enumerable.Range(0, g).Select(_ => In(sb))];
        InCorr = [.. Enumerable.Range(0, g).Select(_ => In(w))];
        Sum = [.. Enumerable.Range(0, n).Select(_ => Out(aw, signed: true))];

        // Two RAM banks: slots 0 … P − 1 in the low one, P … P + Q − 1 in the high one (top slot bit set).
        var (p, q) = Banks(cfg);
        int ring = p + q, pb = Logic.Log2Ceil(p), qb = q == 0 ? 0 : Logic.Log2Ceil(q);
        var low = Instance(new CorrectionRam(p, w, g), "sums_low");
        var high = q == 0 ? null : Instance(new CorrectionRam(q, w, g), "sums_high");
        Expr InHigh(Expr slot) => q == 0 ? Logic.Lit(0, 1) : slot[sb - 1];
        Expr LowAddr(Expr slot) => p == 1 << sb ? slot : slot[pb - 1, 0];
        Expr HighAddr(Expr slot) => slot[qb - 1, 0];
        Expr Read(int port, Expr slot)
        {
            low.ReadAddress[port].Assign(LowAddr(slot));
            if (high is null) return low.ReadData[port];
            high.ReadAddress[port].Assign(HighAddr(slot));
            return Logic.Mux(InHigh(slot), high.ReadData[port], low.ReadData[port]);
        }
        // Enabled-cycle count A modulo the ring (the pool counts the same) is implicit: the slot entering stage 0 (A + 1)
        // and the bottom slot A − (Depth − 1) are kept as counters of their own, both registers.
        var entering = Reg(sb, reset: 1);
        var bottom = Reg(sb, reset: (ring - (depth - 1)) % ring);
        When(Enable, () => { entering.Assign(Next(entering, ring)); bottom.Assign(Next(bottom, ring)); });

        // One flag per slot: written since it entered stage 0.
        var written = Enumerable.Range(0, ring).Select(s => Reg().Named($"written_{s}")).ToArray();
        Expr Flag(Expr slot) => Logic.Cat(written.Reverse().Select(f => (Expr)f)).ShiftRight(slot)[0];
        for (var s = 0; s < ring; s++)
        {
            var set = Enumerable.Range(0, g).Select(k => InValid[k] & InSlot[k].Eq(s)).Aggregate((a, b) => a | b);
            written[s].Assign(set | (written[s] & ~(Enable & entering.Eq(s))));
        }
        for (var k = 0; k < g; k++)
        {
            var old = Logic.Repeat(Flag(InSlot[k]), w) & Read(k, InSlot[k]);
            var sum = Logic.Cat(Enumerable.Range(0, n).Reverse().Select(j =>
                old[aw * j + aw - 1, aw * j].AddWrap(InCorr[k][aw * j + aw - 1, aw * j])));
            low.WriteEnable[k].Assign(InValid[k] & ~InHigh(InSlot[k]));
            low.WriteAddress[k].Assign(LowAddr(InSlot[k]));
            low.WriteData[k].Assign(sum);
            if (high is null) continue;
            high.WriteEnable[k].Assign(InValid[k] & InHigh(InSlot[k]));
            high.WriteAddress[k].Assign(HighAddr(InSlot[k]));
            high.WriteData[k].Assign(sum);
        }
        var final = Logic.Repeat(Flag(bottom), w) & Read(g, bottom);
        for (var j = 0; j < n; j++) Sum[j].Assign(final[aw * j + aw - 1, aw * j].AsSigned());
    }
}
