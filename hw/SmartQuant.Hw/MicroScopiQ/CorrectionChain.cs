using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>
/// Shared-ReCoN correction sums of the tokens in flight, kept in a RAM indexed by token slot instead of a shifting
/// register chain. It behaves exactly like a chain of Depth stages, one per PE row (stage ReconFlight + 1 + r holds what
/// row r's own chain register holds in the one-per-row design: a token's corrections of rows 0…r) plus ReconFlight + 1
/// above row 0 (ReconFlight = SharedEntryStages + Stages + MergeStages: corrections can be that early), shifting one
/// stage per enabled cycle, whose last stage meets the deskewed psums at the array bottom.
/// <para>
/// Why a RAM: nothing has to move. With A the count of enabled cycles (modulo 2^SlotBits ≥ Depth), chain stage i is
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
    /// <summary>Slot (RAM address) bits: 2^SlotBits ≥ Depth slots, so the slot arithmetic is a plain wrap.</summary>
    public static int SlotBits(MicroScopiQConfig cfg) => Logic.Log2Ceil(Depth(cfg));

    public CorrectionChain(MicroScopiQConfig cfg)
    {
        _cfg = cfg;
        int n = cfg.Lanes, aw = cfg.AccumulatorWidth, g = cfg.ReconUnits, depth = Depth(cfg), sb = SlotBits(cfg), w = n * aw;
        Enable = In();
        InValid = [.. Enumerable.Range(0, g).Select(_ => In())];
        InSlot = [.. Enumerable.Range(0, g).Select(_ => In(sb))];
        InCorr = [.. Enumerable.Range(0, g).Select(_ => In(w))];
        Sum = [.. Enumerable.Range(0, n).Select(_ => Out(aw, signed: true))];

        var ram = Instance(new CorrectionRam(1 << sb, w, g), "sums");
        // Enabled-cycle count A (the same count as the pool's) and the bottom slot A − (Depth − 1), both registers.
        var entering = Reg(sb, reset: 1).Named("entering");            // A + 1: the slot that becomes stage 0 on the next advance
        var bottom = Reg(sb, reset: (1L << sb) - (depth - 1)).Named("bottom");
        When(Enable, () => { entering.Assign(entering.AddWrap(1)); bottom.Assign(bottom.AddWrap(1)); });

        // One flag per slot: written since it entered stage 0.
        var written = Enumerable.Range(0, 1 << sb).Select(s => Reg().Named($"written_{s}")).ToArray();
        Expr Flag(Expr slot) => Logic.Cat(written.Reverse().Select(f => (Expr)f)).ShiftRight(slot)[0];
        for (var s = 0; s < written.Length; s++)
        {
            var set = Enumerable.Range(0, g).Select(k => InValid[k] & InSlot[k].Eq(s)).Aggregate((a, b) => a | b);
            written[s].Assign(set | (written[s] & ~(Enable & entering.Eq(s))));
        }
        for (var k = 0; k < g; k++)
        {
            ram.ReadAddress[k].Assign(InSlot[k]);
            var old = Logic.Repeat(Flag(InSlot[k]), w) & ram.ReadData[k];
            ram.WriteEnable[k].Assign(InValid[k]);
            ram.WriteAddress[k].Assign(InSlot[k]);
            ram.WriteData[k].Assign(Logic.Cat(Enumerable.Range(0, n).Reverse().Select(j =>
                old[aw * j + aw - 1, aw * j].AddWrap(InCorr[k][aw * j + aw - 1, aw * j]))));
        }
        ram.ReadAddress[g].Assign(bottom);
        var final = Logic.Repeat(Flag(bottom), w) & ram.ReadData[g];
        for (var j = 0; j < n; j++) Sum[j].Assign(final[aw * j + aw - 1, aw * j].AsSigned());
    }
}
