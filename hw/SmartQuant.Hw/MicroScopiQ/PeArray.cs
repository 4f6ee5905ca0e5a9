using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>
/// One PE row with its entry pre-shift register, Cols <see cref="MultiPrecisionPe"/>s, deskew (column c delayed
/// Cols−1−c), its <see cref="Recon"/> and reskew (column c delayed c; omitted on the last row, whose ReCoN output is
/// the aligned array output). Row-local time: the entry register holds the token at τ = 0, PE c computes at τ = c,
/// ReCoN stage 0 sees the aligned row at τ = Cols, the next row's entry holds it at τ = Cols + Stages.
/// Two metadata banks {sh_r, µB presence mask, µB records}, written through the load port like the weights.
/// </summary>
public sealed class PeRow : Module
{
    public readonly Signal Enable, Mode2, ActIn, ValidIn, BankIn;
    public readonly Signal[] PsumIn;
    public readonly Signal LoadEn, LoadBank, LoadWeights, LoadShift, LoadPresent, LoadRecords;
    public readonly Signal[] AccOut;
    public readonly Signal ValidOut, BankOut, Raw0, Raw1;
    public readonly MultiPrecisionPe[] Pes;
    public readonly Recon Recon;
    private readonly MicroScopiQConfig _cfg;
    private readonly bool _reskew;

    public override string? Variant => $"c{_cfg.Cols}_x{_cfg.ShiftedActWidth}_a{_cfg.AccumulatorWidth}_d{_cfg.DeltaOWidth}{(_reskew ? "" : "_last")}";

    public PeRow(MicroScopiQConfig cfg, bool reskew)
    {
        _cfg = cfg; _reskew = reskew;
        int n = cfg.Lanes, aw = cfg.AccumulatorWidth, slots = cfg.MicroSlots, c = cfg.Cols, pw = cfg.ProductWidth;
        Enable = In(); Mode2 = In();
        ActIn = In(MicroScopiQConfig.ActivationWidth, signed: true); ValidIn = In(); BankIn = In();
        PsumIn = [.. Enumerable.Range(0, n).Select(_ => In(aw, signed: true))];
        LoadEn = In(); LoadBank = In(); LoadWeights = In(4 * c); LoadShift = In(cfg.ShiftWidth);
        LoadPresent = In(slots); LoadRecords = In(MicroScopiQConfig.RecordWidth * slots);
        AccOut = [.. Enumerable.Range(0, n).Select(_ => Out(aw, signed: true))];
        ValidOut = Out(); BankOut = Out(); Raw0 = Out(); Raw1 = Out();

        // ---- metadata banks ----
        var shift = new[] { Reg(cfg.ShiftWidth), Reg(cfg.ShiftWidth) };
        var present = new[] { Reg(slots), Reg(slots) };
        var records = Enumerable.Range(0, 2 * slots).Select(_ => Reg(MicroScopiQConfig.RecordWidth)).ToArray();
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
        var mask = Logic.Mux(Mode2, Logic.Lit((System.Numerics.BigInteger.One << slots) - 1, slots), slots4 == 0 ? Logic.Lit(0, slots) : Logic.Lit((System.Numerics.BigInteger.One << slots4) - 1, slots));
        Raw0.Assign((present[0] & mask).OrReduce());
        Raw1.Assign((present[1] & mask).OrReduce());

        // ---- entry: x' = x << sh_r of the token's bank ----
        var x = Reg(cfg.ShiftedActWidth, signed: true); var v = Reg(); var bk = Reg();
        When(Enable, () =>
        {
            x.Assign(ActIn.ShiftLeft(Logic.Mux(BankIn, shift[1], shift[0])));
            v.Assign(ValidIn); bk.Assign(BankIn);
        });

        // ---- PEs ----
        Pes = new MultiPrecisionPe[c];
        for (var i = 0; i < c; i++)
        {
            var pe = Pes[i] = Instance(new MultiPrecisionPe(cfg), $"pe_{i}");
            pe.Enable.Assign(Enable); pe.Mode2.Assign(Mode2); pe.Raw0.Assign(Raw0); pe.Raw1.Assign(Raw1);
            pe.LoadEn.Assign(LoadEn); pe.LoadBank.Assign(LoadBank); pe.LoadWeight.Assign(LoadWeights[4 * i + 3, 4 * i]);
            pe.ActIn.Assign(i == 0 ? x : Pes[i - 1].ActOut);
            pe.ValidIn.Assign(i == 0 ? v : Pes[i - 1].ValidOut);
            pe.BankIn.Assign(i == 0 ? bk : Pes[i - 1].BankOut);
            pe.PsumIn[0].Assign(PsumIn[2 * i]); pe.PsumIn[1].Assign(PsumIn[2 * i + 1]);
        }

        // ---- deskew → ReCoN → reskew ----
        Recon = Instance(new Recon(cfg), "recon");
        Recon.Enable.Assign(Enable); Recon.Mode2.Assign(Mode2);
        Recon.XIn.Assign(Pes[c - 1].ActOut); Recon.ValidIn.Assign(Pes[c - 1].ValidOut); Recon.BankIn.Assign(Pes[c - 1].BankOut);
        Recon.Present[0].Assign(present[0]); Recon.Present[1].Assign(present[1]);
        for (var k = 0; k < 2 * slots; k++) Recon.Records[k].Assign(records[k]);
        for (var i = 0; i < c; i++)
        {
            var pe = Pes[i];
            var packed = Logic.Cat(pe.SignOut[1], pe.SignOut[0], pe.ProdOut[1], pe.ProdOut[0], pe.PsumOut[1], pe.PsumOut[0]);
            var d = DelayLine.Delay(this, Enable, packed, c - 1 - i, $"deskew_{i}");
            for (var j = 0; j < 2; j++)
            {
                Recon.PsumIn[2 * i + j].Assign(d[aw * (j + 1) - 1, aw * j].AsSigned());
                Recon.ProdIn[2 * i + j].Assign(d[2 * aw + pw * (j + 1) - 1, 2 * aw + pw * j].AsSigned());
                Recon.SignIn[2 * i + j].Assign(d[2 * aw + 2 * pw + j]);
            }
            var acc = Logic.Cat(Recon.AccOut[2 * i + 1], Recon.AccOut[2 * i]);
            var r = reskew ? DelayLine.Delay(this, Enable, acc, i, $"reskew_{i}") : acc;
            AccOut[2 * i].Assign(r[aw - 1, 0].AsSigned());
            AccOut[2 * i + 1].Assign(r[2 * aw - 1, aw].AsSigned());
        }
        ValidOut.Assign(Recon.ValidOut); BankOut.Assign(Recon.BankOut);
    }
}

/// <summary>
/// The R×C array: rows chained through their ReCoN outputs, per-row activation skew (row r's activation is delayed
/// r·(Cols + Stages) cycles so it meets its partial sums), row-addressed weight/metadata load port.
/// </summary>
public sealed class PeArray : Module
{
    public readonly Signal Enable, Mode2, ValidIn, BankIn;
    public readonly Signal[] ActIn;
    public readonly Signal LoadValid, LoadRow, LoadBank, LoadWeights, LoadShift, LoadPresent, LoadRecords;
    public readonly Signal[] AccOut, RawRows;
    public readonly Signal ValidOut, BankOut;
    public readonly PeRow[] Rows;

    public PeArray(MicroScopiQConfig cfg)
    {
        int n = cfg.Lanes, aw = cfg.AccumulatorWidth, slots = cfg.MicroSlots;
        Enable = In(); Mode2 = In(); ValidIn = In(); BankIn = In();
        ActIn = [.. Enumerable.Range(0, cfg.Rows).Select(_ => In(MicroScopiQConfig.ActivationWidth, signed: true))];
        LoadValid = In(); LoadRow = In(cfg.RowBits); LoadBank = In(); LoadWeights = In(4 * cfg.Cols);
        LoadShift = In(cfg.ShiftWidth); LoadPresent = In(slots); LoadRecords = In(MicroScopiQConfig.RecordWidth * slots);
        AccOut = [.. Enumerable.Range(0, n).Select(_ => Out(aw, signed: true))];
        RawRows = [Out(cfg.Rows), Out(cfg.Rows)];
        ValidOut = Out(); BankOut = Out();

        Rows = new PeRow[cfg.Rows];
        for (var r = 0; r < cfg.Rows; r++)
        {
            var row = Rows[r] = Instance(new PeRow(cfg, reskew: r < cfg.Rows - 1), $"row_{r}");
            row.Enable.Assign(Enable); row.Mode2.Assign(Mode2);
            var token = Logic.Cat(BankIn, ValidIn, ActIn[r]);
            var skewed = DelayLine.Delay(this, Enable, token, r * cfg.RowLatency, $"skew_{r}");
            row.ActIn.Assign(skewed[7, 0].AsSigned()); row.ValidIn.Assign(skewed[8]); row.BankIn.Assign(skewed[9]);
            for (var j = 0; j < n; j++)
                row.PsumIn[j].Assign(r == 0 ? Logic.Lit(0, aw, signed: true) : Rows[r - 1].AccOut[j]);
            row.LoadEn.Assign(LoadValid & LoadRow.Eq(r)); row.LoadBank.Assign(LoadBank);
            row.LoadWeights.Assign(LoadWeights); row.LoadShift.Assign(LoadShift);
            row.LoadPresent.Assign(LoadPresent); row.LoadRecords.Assign(LoadRecords);
        }
        for (var j = 0; j < n; j++) AccOut[j].Assign(Rows[^1].AccOut[j]);
        ValidOut.Assign(Rows[^1].ValidOut); BankOut.Assign(Rows[^1].BankOut);
        RawRows[0].Assign(Logic.Cat(Rows.Reverse().Select(r => (Expr)r.Raw0)));
        RawRows[1].Assign(Logic.Cat(Rows.Reverse().Select(r => (Expr)r.Raw1)));
    }
}
