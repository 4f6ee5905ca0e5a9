using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>
/// One PE row: entry pre-shift register (x' = x &lt;&lt; sh_r), Cols <see cref="MultiPrecisionPe"/>s on the psum
/// chain (psum_in from the row above, one cycle per row, as in any weight-stationary array), and beside it the row's
/// outlier path: <see cref="Recon"/> fed with x' tapped from PE <see cref="MicroScopiQConfig.ReconTap"/> (so no extra
/// delay registers are needed to meet the output), one <see cref="CorrectionUnit"/> per lane, and the correction
/// chain register corr_out = corr_in + corr (the corrections of all rows accumulate beside the psums and are added
/// once at the array bottom; sums are identical modulo 2^AccumulatorWidth). Two metadata banks {sh_r, µB presence
/// mask, µB records} are written through the load port like the weights. With shared ReCoN the row keeps none of
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
        var shift = new[] { Reg(cfg.ShiftWidth), Reg(cfg.ShiftWidth) };
        var present = new[] { Reg(slots), Reg(slots) };
        var records = Enumerable.Range(0, 2 * slots).Select(i => Reg(MicroScopiQConfig.RecordWidth).Named($"records_{i}")).ToArray();
        for (var b = 0; b < 2; b++)
        {
            var bank = b;
            When(LoadEn & (bank == 1 ? LoadBank : ~LoadBank), () =>
            {
                shift[bank].Assign(LoadShift);
                present[bank].Assign(LoadPresent);
                for (var k = 0; k < slots; k++)
                    records[bank * slots + k].Assign(LoadRecords[32 * k + 31, 32 * k]);
            });
        }
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
            pe.Enable.Assign(Enable); pe.TwoBitMode.Assign(TwoBitMode);
            pe.LoadEn.Assign(LoadEn); pe.LoadBank.Assign(LoadBank); pe.LoadWeight.Assign(LoadWeights[4 * i + 3, 4 * i]);
            pe.ActIn.Assign(i == 0 ? x : Pes[i - 1].ActOut);
            pe.ValidIn.Assign(i == 0 ? v : Pes[i - 1].ValidOut);
            pe.BankIn.Assign(i == 0 ? bk : Pes[i - 1].BankOut);
            for (var j = 0; j < 2; j++) { pe.PsumIn[j].Assign(PsumIn[2 * i + j]); PsumOut[2 * i + j].Assign(pe.PsumOut[j]); }
        }

        // ---- outlier path: lane codes and roles of both banks (static per tile), ReCoN, corrections, correction chain ----
        var codes = new Expr[2][];
        for (var b = 0; b < 2; b++)
            codes[b] = [.. Enumerable.Range(0, n).Select(j =>
            {
                var (s, mag) = MultiPrecisionPe.LaneCode(Pes[j / 2].Weights[b], TwoBitMode, j % 2);
                return Logic.Cat(s, mag);
            })];
        int tap = cfg.ReconTap;
        var tapBank = tap < 0 ? (Expr)bk : Pes[tap].BankOut;
        var tapX = tap < 0 ? (Expr)x : Pes[tap].ActOut;
        var tapValid = tap < 0 ? (Expr)v : Pes[tap].ValidOut;
        var valid = Reg(); var bankOut = Reg();
        ValidOut.Assign(valid); BankOut.Assign(bankOut);
        if (cfg.SharedRecon)
        {
            // The token before the tap (next cycle's tap token if the array advances): the pool registers its stall from it.
            var preBank = tap > 0 ? Pes[tap - 1].BankOut : tap == 0 ? (Expr)bk : BankIn;
            var preValid = tap > 0 ? Pes[tap - 1].ValidOut : tap == 0 ? (Expr)v : ValidIn;
            BuildShared(cfg, tapValid, tapBank, tapX, present, records, codes, preValid, preBank, mask);
            // Row output valid/bank beside the corrections: the token as it leaves position OutputAlign (PE OutputAlign − 1).
            var leaving = cfg.OutputAlign <= c ? Pes[cfg.OutputAlign - 1] : Pes[^1];
            var token = Packing.Of(leaving.ValidOut, leaving.BankOut);
            var atMerge = token.Unpack(cfg.OutputAlign <= c ? token.Packed : DelayLine.Delay(this, Enable, token.Packed, cfg.OutputAlign - c, "merge_align"));
            When(Enable, () => { valid.Assign(atMerge[0]); bankOut.Assign(atMerge[1]); });
            return;
        }
        var roles = new LaneRole[2][];
        for (var b = 0; b < 2; b++)
        {
            var rec = Enumerable.Range(0, slots).Select(k => (Expr)records[b * slots + k]).ToArray();
            roles[b] = [.. Enumerable.Range(0, n).Select(j => LaneRoles.Decode(cfg, TwoBitMode, present[b], rec, j))];
        }
        var recon = Recon = Instance(new Recon(cfg), "recon");
        recon.Enable.Assign(Enable); recon.XIn.Assign(tapX); recon.ValidIn.Assign(tapValid); recon.BankIn.Assign(tapBank);
        var outBank = recon.BankOut;
        // Valid and bank wait beside the correction units' MergeStages registers.
        var waiting = Packing.Of(recon.ValidOut, outBank);
        var merged = waiting.Unpack(DelayLine.Delay(this, Enable, waiting.Packed, MicroScopiQConfig.MergeStages, "merge_wait"));
        When(Enable, () => { valid.Assign(merged[0]); bankOut.Assign(merged[1]); });
        for (var j = 0; j < n; j++)
        {
            recon.EntryLow[j].Assign(Logic.Mux(tapBank, roles[1][j].IsLow, roles[0][j].IsLow));
            recon.EntryTag[j].Assign(Logic.Mux(tapBank, roles[1][j].Tag, roles[0][j].Tag));
            recon.EntryCode[j].Assign(Logic.Mux(tapBank, codes[1][j], codes[0][j]));

            var cu = Reuse(static c => new CorrectionUnit(c), cfg, $"corr_{j}");
            cu.Enable.Assign(Enable); cu.TwoBitMode.Assign(TwoBitMode); cu.X.Assign(recon.XOut); cu.GotCode.Assign(recon.GotCode[j]);
            cu.IsUp.Assign(Logic.Mux(outBank, roles[1][j].IsUp, roles[0][j].IsUp));
            cu.IsLow.Assign(Logic.Mux(outBank, roles[1][j].IsLow, roles[0][j].IsLow));
            cu.DeltaO.Assign(Logic.Mux(outBank, roles[1][j].DeltaO, roles[0][j].DeltaO));
            cu.OwnCode.Assign(Logic.Mux(outBank, codes[1][j], codes[0][j]));
            var chain = Reg(aw, signed: true).Named($"corr_acc_{j}");
            When(Enable, () => chain.Assign(CorrIn[j].AddWrap(cu.Corr)));
            CorrOut[j].Assign(chain);
        }
    }

    // ---- shared ReCoN (cfg.SharedRecon): no ReCoN, merge or correction chain in the row; it only asks a pool unit ----
    /// <summary>Shared ReCoN: the token at the tap needs a ReCoN unit (valid, and its bank has outlier µBs in this row).</summary>
    public Signal? Request { get; private set; }
    /// <summary>Shared ReCoN: Request as it will be next cycle if the array advances (the token before the tap, the metadata
    /// after this cycle's load), so the pool can register its stall instead of deriving it combinationally.</summary>
    public Signal? RequestNext { get; private set; }
    /// <summary>Shared ReCoN: what a pool unit needs of the tap token: its bank's µB presence mask and records (used bits; the unit
    /// decodes the lane roles), the lanes' own codes (lane j at [4j+3:4j]) and x'.</summary>
    public Signal? ItemPresent { get; private set; }
    public Signal? ItemRecords { get; private set; }
    public Signal? ItemCode { get; private set; }
    public Signal? ItemX { get; private set; }

    private void BuildShared(MicroScopiQConfig cfg, Expr tapValid, Expr tapBank, Expr tapX, Signal[] present, Signal[] records,
        Expr[][] codes, Expr preValid, Expr preBank, Expr mask)
    {
        int n = cfg.Lanes, slots = cfg.MicroSlots, rw = cfg.RecordUsedWidth;
        RequestNext = Out();
        var rawNext = Enumerable.Range(0, 2).Select(b => (Logic.Mux(LoadEn & (b == 1 ? LoadBank : ~LoadBank), LoadPresent, present[b]) & mask).OrReduce()).ToArray();
        RequestNext.Assign(preValid & Logic.Mux(preBank, rawNext[1], rawNext[0]));
        Request = Out(); ItemPresent = Out(slots); ItemRecords = Out(slots * rw); ItemCode = Out(n * ReconSwitch.CodeWidth);
        ItemX = Out(cfg.ShiftedActWidth, signed: true);
        Request.Assign(tapValid & Logic.Mux(tapBank, NeedsRecon[1], NeedsRecon[0]));
        ItemPresent.Assign(Logic.Mux(tapBank, present[1], present[0]));
        ItemRecords.Assign(Logic.Cat(Enumerable.Range(0, slots).Reverse().Select(k => Logic.Mux(tapBank, records[slots + k], records[k])[rw - 1, 0])));
        ItemCode.Assign(Logic.Cat(Enumerable.Range(0, n).Reverse().Select(j => Logic.Mux(tapBank, codes[1][j], codes[0][j]))));
        ItemX.Assign(tapX);
    }
}
