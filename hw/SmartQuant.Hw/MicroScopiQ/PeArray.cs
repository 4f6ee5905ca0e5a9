using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>
/// The R×C array: rows chained through the psum chain and, beside it, the correction chain (one cycle per row each;
/// row r's activation is delayed r cycles), row-addressed weight/metadata load port. At the bottom lane j of column c
/// is deskewed by OutputAlign − c and added to the correction chain, so all lanes leave together.
/// </summary>
public sealed class PeArray : Module
{
    public readonly Signal Enable, TwoBitMode, ValidIn, BankIn;
    public readonly Signal[] ActIn;
    public readonly Signal LoadValid, LoadRow, LoadBank, LoadWeights, LoadShift, LoadPresent, LoadRecords;
    public readonly Signal[] AccOut;
    /// <summary>Per metadata bank: bit r = row r needs ReCoN for a token on that bank (<see cref="PeRow.NeedsRecon"/>).</summary>
    public readonly Signal[] RowsNeedingRecon;
    public readonly Signal ValidOut, BankOut;
    public readonly PeRow[] Rows;
    /// <summary>Shared ReCoN only: the pool's hold on the array (null with a ReCoN in every row).</summary>
    public readonly ReconHold? Recon;

    public PeArray(MicroScopiQConfig cfg)
    {
        int n = cfg.Lanes, aw = cfg.AccumulatorWidth, slots = cfg.MicroSlots;
        Enable = In(); TwoBitMode = In(); ValidIn = In(); BankIn = In();
        ActIn = [.. Enumerable.Range(0, cfg.Rows).Select(_ => In(MicroScopiQConfig.ActivationWidth, signed: true))];
        LoadValid = In(); LoadRow = In(cfg.RowBits); LoadBank = In(); LoadWeights = In(4 * cfg.Cols);
        LoadShift = In(cfg.ShiftWidth); LoadPresent = In(slots); LoadRecords = In(MicroScopiQConfig.RecordWidth * slots);
        AccOut = [.. Enumerable.Range(0, n).Select(_ => Out(aw, signed: true))];
        RowsNeedingRecon = [Out(cfg.Rows), Out(cfg.Rows)];
        ValidOut = Out(); BankOut = Out();

        Rows = new PeRow[cfg.Rows];
        for (var r = 0; r < cfg.Rows; r++)
        {
            var row = Rows[r] = Reuse(static c => new PeRow(c), cfg, $"row_{r}");
            row.Enable.Assign(Enable); row.TwoBitMode.Assign(TwoBitMode);
            // the row's token {activation, valid, bank} is skewed by r cycles as one vector
            var token = Packing.Of(ActIn[r], ValidIn, BankIn);
            var skewed = token.Unpack(DelayLine.Delay(this, Enable, token.Packed, r, $"skew_{r}"));
            row.ActIn.Assign(skewed[0]); row.ValidIn.Assign(skewed[1]); row.BankIn.Assign(skewed[2]);
            for (var j = 0; j < n; j++)
            {
                row.PsumIn[j].Assign(r == 0 ? Logic.Lit(0, aw, signed: true) : Rows[r - 1].PsumOut[j]);
                if (!cfg.SharedRecon) row.CorrIn[j].Assign(r == 0 ? Logic.Lit(0, aw, signed: true) : Rows[r - 1].CorrOut[j]);
            }
            row.LoadEn.Assign(LoadValid & LoadRow.Eq(r)); row.LoadBank.Assign(LoadBank);
            row.LoadWeights.Assign(LoadWeights); row.LoadShift.Assign(LoadShift);
            row.LoadPresent.Assign(LoadPresent); row.LoadRecords.Assign(LoadRecords);
        }
        var corrections = Rows[^1].CorrOut;
        if (cfg.SharedRecon)
        {
            Recon = new ReconHold(this, cfg);
            corrections = BuildSharedRecon(cfg, Recon);
        }
        for (var c = 0; c < cfg.Cols; c++)
        {
            var psums = Packing.Of(Rows[^1].PsumOut[2 * c], Rows[^1].PsumOut[2 * c + 1]);   // column c's two lanes
            var d = psums.Unpack(DelayLine.Delay(this, Enable, psums.Packed, cfg.OutputAlign - c, $"deskew_{c}"));
            for (var k = 0; k < 2; k++)
                AccOut[2 * c + k].Assign(d[k].AddWrap(corrections[2 * c + k]));
        }
        ValidOut.Assign(Rows[^1].ValidOut); BankOut.Assign(Rows[^1].BankOut);
        for (var b = 0; b < 2; b++)
        {
            var bank = b;
            RowsNeedingRecon[bank].Assign(Logic.Cat(Rows.Reverse().Select(r => (Expr)r.NeedsRecon[bank])));
        }
    }

    /// <summary>Shared ReCoN: rows send requests to the pool, whose units add their corrections into the chain; returns the chain's last stage.</summary>
    private Signal[] BuildSharedRecon(MicroScopiQConfig cfg, ReconHold hold)
    {
        var pool = Instance(new SharedReconPool(cfg), "recon_pool");
        var chain = Instance(new CorrectionChain(cfg), "corr_chain");
        pool.Advance.Assign(Enable); pool.TwoBitMode.Assign(TwoBitMode);
        var asks = Rows.Select(r => r.Pool ?? throw new InvalidOperationException("a shared-ReCoN row declares its pool request")).ToArray();
        pool.Request.Assign(Logic.Cat(asks.Reverse().Select(a => (Expr)a.Request)));
        pool.RequestNext.Assign(Logic.Cat(asks.Reverse().Select(a => (Expr)a.RequestNext)));
        for (var r = 0; r < cfg.Rows; r++)
        {
            pool.ItemPresent[r].Assign(asks[r].Present); pool.ItemRecords[r].Assign(asks[r].Records);
            pool.ItemCode[r].Assign(asks[r].Code); pool.ItemX[r].Assign(asks[r].X);
        }
        chain.Enable.Assign(Enable);
        for (var k = 0; k < cfg.ReconUnits; k++)
        {
            chain.InValid[k].Assign(pool.OutValid[k]); chain.InSlot[k].Assign(pool.OutSlot[k]); chain.InCorr[k].Assign(pool.OutCorr[k]);
        }
        hold.AllServed.Assign(pool.AllServed); hold.Lost.Assign(pool.Lost);
        return chain.Sum;
    }
}
