using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>
/// G ReCoN units shared by the rows (cfg.SharedRecon), each with the exact merge at its output. Every cycle the
/// <see cref="ReconArbiter"/> grants unit k to one requesting row (with row groups, one arbiter per group grants its
/// unit to one of the group's rows); the unit takes that row's µB records, lane codes and
/// x', decodes the lane roles (<see cref="LaneRoles"/>, once per unit rather than once per row) and sends the Lower
/// halves' codes through its butterfly. The merge inputs that ReCoN does not carry (Upper/Lower flags, own codes, ΔO)
/// and the row number travel beside it.
/// The granted row's inputs first go through one entry register per unit (<see cref="MicroScopiQConfig.SharedEntryStages"/>),
/// so the arbitration and the decode are in different cycles.
/// Stages cycles later one <see cref="CorrectionUnit"/> per lane turns the routed codes into the row's corrections
/// (MergeStages more cycles: it is pipelined),
/// which go straight into the <see cref="CorrectionChain"/>: the rows keep no ReCoN, merge or result queue.
/// <para>
/// Units never stall, so a token may still be short of its row's merge point when its corrections are ready (by the
/// array's stall cycles during the flight). Sums commute, so they are added wherever the token's correction sum is
/// at that moment: with e enabled cycles since the grant, chain stage r + e while the array is frozen, the next one
/// while it advances, which in the chain's token-slot RAM is one slot for the whole flight: the enabled-cycle count at
/// the grant minus r (<see cref="CorrectionChain"/>). Units granted in one cycle serve different rows, so their slots never collide.
/// </para>
/// </summary>
public sealed class SharedReconPool : Module
{
    public readonly Signal Advance, TwoBitMode, Request, RequestNext, AllServed, Lost;
    public readonly Signal[] ItemPresent, ItemRecords, ItemCode, ItemX;
    /// <summary>Per unit: corrections ready this cycle, the chain slot of their token (count at the grant − r), and the lane corrections (lane j at j·AW).</summary>
    public readonly Signal[] OutValid, OutSlot, OutCorr;
    public readonly ReconArbiter[] Arbiters;
    public readonly Recon[] Units;
    private readonly MicroScopiQConfig _cfg;

    public override string? Variant => $"r{_cfg.Rows}_c{_cfg.Cols}_g{_cfg.ReconUnits}";

    public SharedReconPool(MicroScopiQConfig cfg)
    {
        _cfg = cfg;
        int rows = cfg.Rows, g = cfg.ReconUnits, n = cfg.Lanes, tw = cfg.TagBits, cw = ReconSwitch.CodeWidth, rb = cfg.RowBits;
        int dw = cfg.DeltaOWidth, aw = cfg.AccumulatorWidth, sw = CorrectionChain.SlotBits(cfg);
        Advance = In(); TwoBitMode = In(); Request = In(rows); RequestNext = In(rows);
        int slots = cfg.MicroSlots, rw = cfg.RecordUsedWidth;
        ItemPresent = [.. Enumerable.Range(0, rows).Select(_ => In(slots))];
        ItemRecords = [.. Enumerable.Range(0, rows).Select(_ => In(slots * rw))];
        ItemCode = [.. Enumerable.Range(0, rows).Select(_ => In(n * cw))];
        ItemX = [.. Enumerable.Range(0, rows).Select(_ => In(cfg.ShiftedActWidth, signed: true))];
        AllServed = Out(); Lost = Out(Logic.Log2Ceil(rows + 1));
        OutValid = [.. Enumerable.Range(0, g).Select(_ => Out())];
        OutSlot = [.. Enumerable.Range(0, g).Select(_ => Out(sw))];
        OutCorr = [.. Enumerable.Range(0, g).Select(_ => Out(n * aw))];

        // Design A: one arbiter over all rows grants all G units. Design B: arbiter k grants unit k within its rows.
        int groups = cfg.ReconGroupCount, span = cfg.RowsPerReconGroup, perGroup = g / groups, lw = Lost.Width;
        Arbiters = new ReconArbiter[groups];
        var grants = new Expr[g];
        for (var a = 0; a < groups; a++)
        {
            var arb = Arbiters[a] = Instance(new ReconArbiter(span, perGroup), groups == 1 ? "arbiter" : $"arbiter_{a}");
            arb.Request.Assign(span == rows ? Request : Request[a * span + span - 1, a * span]);
            arb.Advance.Assign(Advance);
            for (var u = 0; u < perGroup; u++) grants[a * perGroup + u] = (arb.Grant[u] << (a * span)).Extend(rows);   // one-hot over all rows
        }
        // Registered stall: next cycle's requests are known now (the tokens before the taps if the array advances, the
        // ones left ungranted if it holds), and whether they fit the units is only a count per group, not the grant
        // order. So the stall is a flip-flop (reset: not stalled) and the global enable depends on no arbitration logic.
        var hold = Reg().Named("recon_hold");
        hold.Assign(Enumerable.Range(0, groups)
            .Select(a => Logic.Mux(Advance, MoreThan(RequestNext[a * span + span - 1, a * span], perGroup), Arbiters[a].LeftOver))
            .Aggregate((x, y) => x | y));
        AllServed.Assign(~hold);
        Lost.Assign(Arbiters.Select(x => x.Lost.Extend(lw)).Aggregate((x, y) => x.AddWrap(y)));

        // Enabled cycles modulo the chain's ring size (the chain counts the same): a unit records this count minus r at the grant, its
        // token's slot in the chain, and carries it through the flight, so the chain's address is a register.
        var advances = Reg(sw);
        int ring = CorrectionChain.RingSize(cfg);
        When(Advance, () => advances.Assign(CorrectionChain.Next(advances, ring)));

        // Select of row vectors among the rows unit k may serve (a grant has at most one bit set): a balanced tree of
        // 2:1 multiplexers steered by "the grant is in the upper half", span − 1 cells per bit instead of the 2·span − 1
        // of an AND-OR over the one-hot grant (~1000 bits per row: at 64 rows this halves the pool). Without a grant it
        // gives the first row's vector; the entry's valid and presence bits are cleared then, so nothing reaches the chain.
        Expr Any(Expr oneHot, int lo, int n) => Enumerable.Range(lo, n).Select(i => oneHot[i]).Aggregate((x, y) => x | y);
        Expr Select(int unit, Expr oneHot, Signal[] perRow)
        {
            Expr Tree(int lo, int n) => n == 1 ? perRow[lo].AsUnsigned()
                : Logic.Mux(Any(oneHot, lo + n / 2, n - n / 2), Tree(lo + n / 2, n - n / 2), Tree(lo, n / 2));
            return Tree(unit / perGroup * span, span);
        }
        Units = new Recon[g];
        var one = Logic.Lit(1, 1);
        for (var k = 0; k < g; k++)
        {
            var grant = grants[k];
            var unit = Units[k] = Instance(new Recon(cfg), $"unit_{k}");
            unit.Enable.Assign(one);
            // Entry registers (SharedEntryStages = 1): the granted row's inputs are captured here, the lane-role decode
            // and the butterfly work on them one cycle later. Units never stall, so these load every cycle.
            var entryValid = Reg().Named($"entry_valid_{k}");
            var entryX = Reg(cfg.ShiftedActWidth, signed: true).Named($"entry_x_{k}");
            var entryPresent = Reg(slots).Named($"entry_present_{k}");
            var entryRecords = Reg(slots * rw).Named($"entry_records_{k}");
            var entryCode = Reg(n * cw).Named($"entry_code_{k}");
            entryValid.Assign(grant.OrReduce()); entryX.Assign(Select(k, grant, ItemX).AsSigned());
            entryPresent.Assign(Select(k, grant, ItemPresent) & Logic.Repeat(grant.OrReduce(), slots)); entryRecords.Assign(Select(k, grant, ItemRecords));
            entryCode.Assign(Select(k, grant, ItemCode));
            unit.ValidIn.Assign(entryValid); unit.BankIn.Assign(Logic.Lit(0, 1));
            unit.XIn.Assign(entryX);
            Expr present = entryPresent, recs = entryRecords, code = entryCode;
            var records = Enumerable.Range(0, slots).Select(b => recs[rw * b + rw - 1, rw * b]).ToArray();
            var roles = Enumerable.Range(0, n).Select(j => LaneRoles.Decode(cfg, TwoBitMode, present, records, j)).ToArray();
            Expr Lanes(Func<LaneRole, Expr> field) => Logic.Cat(roles.Reverse().Select(field));
            for (var j = 0; j < n; j++)
            {
                unit.EntryLow[j].Assign(roles[j].IsLow);
                unit.EntryTag[j].Assign(roles[j].Tag);
                unit.EntryCode[j].Assign(code[cw * j + cw - 1, cw * j]);
            }
            var row = Logic.Cat(Enumerable.Range(0, rb).Reverse().Select(b =>
                Enumerable.Range(0, rows).Where(i => ((i >> b) & 1) != 0).Select(i => grant[i]).Aggregate(Logic.Lit(0, 1), (x, y) => x | y)));
            // Beside the butterfly: {ΔO, Upper flags, Lower flags, own codes} of the lanes (from the entry registers), then
            // advances − r at the grant (the token's chain slot), taken at the grant and so delayed the whole flight, entry register included.
            var merge = DelayLine.Delay(this, one, Logic.Cat(Lanes(r => r.DeltaO), Lanes(r => r.IsUp), Lanes(r => r.IsLow), code), cfg.Stages, $"unit_merge_{k}");
            var diff = advances.Extend(sw + 1).SubWrap(row.Extend(sw + 1));            // advances − r, modulo the ring below
            var slot = Logic.Mux(diff[sw], diff.AddWrap(ring)[sw - 1, 0], diff[sw - 1, 0]);
            var flight = DelayLine.Delay(this, one, slot, cfg.ReconFlight, $"unit_flight_{k}");
            int upAt = n * (cw + 1), dAt = n * (cw + 2);
            var corr = new Expr[n];
            for (var j = 0; j < n; j++)
            {
                var cu = Reuse(static c => new CorrectionUnit(c), cfg, $"unit_{k}_corr_{j}");
                cu.Enable.Assign(one); cu.TwoBitMode.Assign(TwoBitMode); cu.X.Assign(unit.XOut); cu.GotCode.Assign(unit.GotCode[j]);
                cu.OwnCode.Assign(merge[cw * j + cw - 1, cw * j]);
                cu.IsLow.Assign(merge[n * cw + j]);
                cu.IsUp.Assign(merge[upAt + j]);
                cu.DeltaO.Assign(merge[dAt + dw * j + dw - 1, dAt + dw * j]);
                corr[j] = cu.Corr;
            }
            OutValid[k].Assign(DelayLine.Delay(this, one, unit.ValidOut, MicroScopiQConfig.MergeStages, $"unit_done_{k}"));
            OutSlot[k].Assign(flight);
            OutCorr[k].Assign(Logic.Cat(corr.Reverse()));
        }
    }

    /// <summary>More than <paramref name="k"/> bits of <paramref name="v"/> set: a balanced popcount tree, then a compare.</summary>
    private static Expr MoreThan(Expr v, int k)
    {
        int w = Logic.Log2Ceil(v.Width + 1);
        Expr Count(int lo, int n) => n == 1 ? v[lo].Extend(w) : Count(lo, n / 2).AddWrap(Count(lo + n / 2, n - n / 2));
        return k >= v.Width ? Logic.Lit(0, 1) : Count(0, v.Width) > k;
    }
}
