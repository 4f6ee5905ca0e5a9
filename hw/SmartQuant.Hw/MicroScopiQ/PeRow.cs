using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>
/// One PE row: entry pre-shift register (x' = x &lt;&lt; sh_r), Cols <see cref="MultiPrecisionPe"/>s on the psum
/// chain (psum_in from the row above, one cycle per row, as in any weight-stationary array), and beside it the row's
/// outlier path: <see cref="Recon"/> fed with x' tapped from PE <see cref="MicroScopiQConfig.ReconTap"/> (so no extra
/// delay registers are needed to meet the output), one <see cref="CorrectionUnit"/> per lane, and the correction
/// chain register corr_out = corr_in + corr (the corrections of all rows accumulate beside the psums and are added
/// once at the array bottom; sums are identical modulo 2^AccumulatorWidth). Two metadata banks {sh_r, µB presence
/// mask, µB records decoded at load (<see cref="MicroBlockRoles"/>, ΔO)} are written through the load port like the
/// weights. The row computes with two_bit_mode as registered one cycle earlier (it changes only while idle). With shared ReCoN the row keeps none of
/// the outlier path: it sends a request with its tap token's item vector to the <see cref="SharedReconPool"/>, whose
/// units merge and add the corrections into the array's <see cref="CorrectionChain"/>.
/// </summary>
public sealed class PeRow : Module
{
    public readonly Signal Enable, TwoBitMode, ActIn, ValidIn, BankIn;
    public readonly Signal[] PsumIn, CorrIn;
    public readonly Signal LoadEn, LoadBank, LoadWeights, LoadShift, LoadPresent, LoadRecords;
    public readonly Signal[] PsumOut, CorrOut;
    public readonly Signal ValidOut, BankOut;
    /// <summary>Per metadata bank: this row's tile in that bank has an outlier in a µB used at the current precision,
    /// so a token on that bank needs ReCoN in this row.</summary>
    public readonly Signal[] NeedsRecon;
    public readonly MultiPrecisionPe[] Pes;
    public readonly Recon? Recon;
    private readonly MicroScopiQConfig _cfg;

    public override string? Variant => $"c{_cfg.Cols}_x{_cfg.ShiftedActWidth}_a{_cfg.AccumulatorWidth}_d{_cfg.DeltaOWidth}{(_cfg.SharedRecon ? "_shr" : "")}";

    public PeRow(MicroScopiQConfig cfg)
    {
        _cfg = cfg;
        int n = cfg.Lanes, aw = cfg.AccumulatorWidth, slots = cfg.MicroSlots, c = cfg.Cols;
        Enable = In(); TwoBitMode = In();
        ActIn = In(MicroScopiQConfig.ActivationWidth, signed: true); ValidIn = In(); BankIn = In();
        PsumIn = [.. Enumerable.Range(0, n).Select(_ => In(aw, signed: true))];
        CorrIn = cfg.SharedRecon ? [] : [.. Enumerable.Range(0, n).Select(_ => In(aw, signed: true))];
        LoadEn = In(); LoadBank = In(); LoadWeights = In(4 * c); LoadShift = In(cfg.ShiftWidth);
        LoadPresent = In(slots); LoadRecords = In(MicroScopiQConfig.RecordWidth * slots);
        PsumOut = [.. Enumerable.Range(0, n).Select(_ => Out(aw, signed: true))];
        CorrOut = cfg.SharedRecon ? [] : [.. Enumerable.Range(0, n).Select(_ => Out(aw, signed: true))];
        ValidOut = Out(); BankOut = Out(); NeedsRecon = [Out(), Out()];

        // ---- metadata banks ----
        // With shared ReCoN the pool decodes the lane roles, so the row keeps the µB records. Otherwise the row decodes
        // each µB record from the load port as a bank is written (MicroBlockRoles: Lower/Upper masks and Upper locations,
        // valid at either µB width, as the mode may change after the load) and keeps that and ΔO instead of the record:
        // the decode is work of the load, not of every cycle (docs/cosim-speed.md).
        var shift = new[] { Reg(cfg.ShiftWidth), Reg(cfg.ShiftWidth) };
        var present = new[] { Reg(slots), Reg(slots) };
        var records = cfg.SharedRecon
            ? Enumerable.Range(0, 2 * slots).Select(i => Reg(MicroScopiQConfig.RecordWidth).Named($"records_{i}")).ToArray() : [];
        int decoded = cfg.SharedRecon ? 0 : 2 * slots;
        var lowMask = Enumerable.Range(0, decoded).Select(i => Reg(8).Named($"low_mask_{i}")).ToArray();
        var upMask = Enumerable.Range(0, decoded).Select(i => Reg(8).Named($"up_mask_{i}")).ToArray();
        var upperLocs = Enumerable.Range(0, decoded).Select(i => Reg(24).Named($"upper_locs_{i}")).ToArray();
        var deltaO = Enumerable.Range(0, decoded).Select(i => Reg(cfg.DeltaOWidth).Named($"delta_o_{i}")).ToArray();
        var loadRecords = Enumerable.Range(0, slots).Select(k => LoadRecords[32 * k + 31, 32 * k]).ToArray();
        for (var b = 0; b < 2; b++)
        {
            var bank = b;
            When(LoadEn & (bank == 1 ? LoadBank : ~LoadBank), () =>
            {
                shift[bank].Assign(LoadShift);
                present[bank].Assign(LoadPresent);
                for (var k = 0; k < records.Length / 2; k++) records[bank * slots + k].Assign(loadRecords[k]);
                for (var k = 0; k < decoded / 2; k++)
                {
                    var roles = LaneRoles.DecodeBlock(LoadPresent[k], loadRecords[k]);
                    lowMask[bank * slots + k].Assign(roles.LowMask); upMask[bank * slots + k].Assign(roles.UpMask);
                    upperLocs[bank * slots + k].Assign(roles.UpperLocs); deltaO[bank * slots + k].Assign(LaneRoles.DeltaO(cfg, loadRecords[k]));
                }
            });
        }
        // The mode as the row computes with it: registered, so no logic of the row is combinational from the top-level
        // two_bit_mode input (a Verilated model re-evaluates such logic on every eval(), twice per cycle; docs/cosim-speed.md).
        // It changes only while idle, and a token accepted in cycle t reaches the row's first PE in t + 1 at the earliest,
        // so it still computes with the mode of its acceptance cycle. NeedsRecon (counted at acceptance) keeps the live input.
        var mode = Reg().Named("two_bit_mode_q");
        mode.Assign(TwoBitMode);
        int slots4 = c / 8;
        var mask = Logic.Mux(TwoBitMode, Logic.Lit((System.Numerics.BigInteger.One << slots) - 1, slots), slots4 == 0 ? Logic.Lit(0, slots) : Logic.Lit((System.Numerics.BigInteger.One << slots4) - 1, slots));
        NeedsRecon[0].Assign((present[0] & mask).OrReduce());
        NeedsRecon[1].Assign((present[1] & mask).OrReduce());

        // ---- entry: x' = x << sh_r of the token's bank ----
        var x = Reg(cfg.ShiftedActWidth, signed: true); var v = Reg(); var bk = Reg();
        When(Enable, () =>
        {
            x.Assign(ActIn.ShiftLeft(Logic.Mux(BankIn, shift[1], shift[0])));
            v.Assign(ValidIn); bk.Assign(BankIn);
        });

        // ---- PEs (psum chain) ----
        Pes = new MultiPrecisionPe[c];
        for (var i = 0; i < c; i++)
        {
            var pe = Pes[i] = Reuse(static c => new MultiPrecisionPe(c), cfg, $"pe_{i}");
            pe.Enable.Assign(Enable); pe.TwoBitMode.Assign(mode);
            pe.LoadEn.Assign(LoadEn); pe.LoadBank.Assign(LoadBank); pe.LoadWeight.Assign(LoadWeights[4 * i + 3, 4 * i]);
            pe.ActIn.Assign(i == 0 ? x : Pes[i - 1].ActOut);
            pe.ValidIn.Assign(i == 0 ? v : Pes[i - 1].ValidOut);
            pe.BankIn.Assign(i == 0 ? bk : Pes[i - 1].BankOut);
            for (var j = 0; j < 2; j++) { pe.PsumIn[j].Assign(PsumIn[2 * i + j]); PsumOut[2 * i + j].Assign(pe.PsumOut[j]); }
        }

        // ---- outlier path: lane codes and roles (static per tile), ReCoN, corrections, correction chain ----
        int tap = cfg.ReconTap;
        var tapBank = tap < 0 ? (Expr)bk : Pes[tap].BankOut;
        var tapX = tap < 0 ? (Expr)x : Pes[tap].ActOut;
        var tapValid = tap < 0 ? (Expr)v : Pes[tap].ValidOut;
        var valid = Reg(); var bankOut = Reg();
        ValidOut.Assign(valid); BankOut.Assign(bankOut);
        // Lane j's code {sign, magnitude} in the token's bank (PE j / 2's weight register of that bank).
        Expr Code(Expr bank, int j)
        {
            var (s, mag) = MultiPrecisionPe.LaneCode(Logic.Mux(bank, Pes[j / 2].Weights[1], Pes[j / 2].Weights[0]), mode, j % 2);
            return Logic.Cat(s, mag);
        }
        if (cfg.SharedRecon)
        {
            // The token before the tap (next cycle's tap token if the array advances): the pool registers its stall from it.
            var preBank = tap > 0 ? Pes[tap - 1].BankOut : tap == 0 ? (Expr)bk : BankIn;
            var preValid = tap > 0 ? Pes[tap - 1].ValidOut : tap == 0 ? (Expr)v : ValidIn;
            BuildShared(cfg, Pool = new ReconRequest(this, cfg), tapValid, tapBank, tapX, present, records, Code, preValid, preBank, mask);
            // Row output valid/bank beside the corrections: the token as it leaves position OutputAlign (PE OutputAlign − 1).
            var leaving = cfg.OutputAlign <= c ? Pes[cfg.OutputAlign - 1] : Pes[^1];
            var token = Packing.Of(leaving.ValidOut, leaving.BankOut);
            var atMerge = token.Unpack(cfg.OutputAlign <= c ? token.Packed : DelayLine.Delay(this, Enable, token.Packed, cfg.OutputAlign - c, "merge_align"));
            When(Enable, () => { valid.Assign(atMerge[0]); bankOut.Assign(atMerge[1]); });
            return;
        }
        // Lane roles for a token of the given bank: that bank's decoded µBs (one word mux per µB), the mode picks the µB width.
        LaneRole[] Roles(Expr bank)
        {
            var blocks = Enumerable.Range(0, slots).Select(k => MicroBlockRoles.Mux(bank,
                new MicroBlockRoles(lowMask[slots + k], upMask[slots + k], upperLocs[slots + k]),
                new MicroBlockRoles(lowMask[k], upMask[k], upperLocs[k]))).ToArray();
            var d = Enumerable.Range(0, slots).Select(k => Logic.Mux(bank, deltaO[slots + k], deltaO[k])).ToArray();
            return [.. Enumerable.Range(0, n).Select(j => LaneRoles.Select(cfg, mode, j, blocks[j / 8].At(j % 8),
                LaneRoles.HasBb4Role(cfg, j) ? blocks[j / 16].At(j / 2 % 8) : null, d[j / 8], d[j / 16]))];
        }
        var recon = Recon = Instance(new Recon(cfg), "recon");
        recon.Enable.Assign(Enable); recon.XIn.Assign(tapX); recon.ValidIn.Assign(tapValid); recon.BankIn.Assign(tapBank);
        var outBank = recon.BankOut;
        // Valid and bank wait beside the correction units' MergeStages registers.
        var waiting = Packing.Of(recon.ValidOut, outBank);
        var merged = waiting.Unpack(DelayLine.Delay(this, Enable, waiting.Packed, MicroScopiQConfig.MergeStages, "merge_wait"));
        When(Enable, () => { valid.Assign(merged[0]); bankOut.Assign(merged[1]); });
        var entering = Roles(tapBank);
        var merging = Roles(outBank);
        for (var j = 0; j < n; j++)
        {
            recon.EntryLow[j].Assign(entering[j].IsLow);
            recon.EntryTag[j].Assign(entering[j].Tag);
            recon.EntryCode[j].Assign(Code(tapBank, j));

            var cu = Reuse(static c => new CorrectionUnit(c), cfg, $"corr_{j}");
            cu.Enable.Assign(Enable); cu.TwoBitMode.Assign(mode); cu.X.Assign(recon.XOut); cu.GotCode.Assign(recon.GotCode[j]);
            cu.IsUp.Assign(merging[j].IsUp);
            cu.IsLow.Assign(merging[j].IsLow);
            cu.DeltaO.Assign(merging[j].DeltaO);
            cu.OwnCode.Assign(Code(outBank, j));
            var chain = Reg(aw, signed: true).Named($"corr_acc_{j}");
            When(Enable, () => chain.Assign(CorrIn[j].AddWrap(cu.Corr)));
            CorrOut[j].Assign(chain);
        }
    }

    // ---- shared ReCoN (cfg.SharedRecon): no ReCoN, merge or correction chain in the row; it only asks a pool unit ----
    /// <summary>Shared ReCoN only: the tap token's request to the pool, declared by the constructor (null in a per-row
    /// ReCoN design, which has no such ports).</summary>
    public readonly ReconRequest? Pool;

    private void BuildShared(MicroScopiQConfig cfg, ReconRequest pool, Expr tapValid, Expr tapBank, Expr tapX, Signal[] present, Signal[] records,
        Func<Expr, int, Expr> code, Expr preValid, Expr preBank, Expr mask)
    {
        int n = cfg.Lanes, slots = cfg.MicroSlots, rw = cfg.RecordUsedWidth;
        var rawNext = Enumerable.Range(0, 2).Select(b => (Logic.Mux(LoadEn & (b == 1 ? LoadBank : ~LoadBank), LoadPresent, present[b]) & mask).OrReduce()).ToArray();
        pool.RequestNext.Assign(preValid & Logic.Mux(preBank, rawNext[1], rawNext[0]));
        pool.Request.Assign(tapValid & Logic.Mux(tapBank, NeedsRecon[1], NeedsRecon[0]));
        pool.Present.Assign(Logic.Mux(tapBank, present[1], present[0]));
        pool.Records.Assign(Logic.Cat(Enumerable.Range(0, slots).Reverse().Select(k => Logic.Mux(tapBank, records[slots + k], records[k])[rw - 1, 0])));
        pool.Code.Assign(Logic.Cat(Enumerable.Range(0, n).Reverse().Select(j => code(tapBank, j))));
        pool.X.Assign(tapX);
    }
}
