using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>
/// Top of design "microscopiq". Ports:
/// <list type="bullet">
/// <item>twoBitMode: 1 = bb 2 (two weights per PE, 2·Cols lanes), 0 = bb 4 (one weight per PE, even lanes). Change only when idle.</item>
/// <item>Load port (always ready): w_valid, w_row, w_bank, w_weights (4 bits per PE, PE c in [4c+3:4c]), w_shift (sh_r),
/// w_present (µB presence mask), w_records (µB record b in [32b+31:32b]). Writes bank w_bank of row w_row.</item>
/// <item>Activation stream: act_valid/act_ready, act_bank (weight bank of this token), act_data_r (INT8 of row r).</item>
/// <item>Output stream: out_valid/out_ready, out_bank, out_data_j (partial sum of lane j, units 2^(X_acc + A_sf)).</item>
/// <item>Counters ctr_* (<see cref="MicroScopiQCounters"/>).</item>
/// </list>
/// </summary>
public sealed class MicroScopiQTop : Module
{
    public readonly Signal TwoBitMode;
    public readonly Signal WValid, WReady, WRow, WBank, WWeights, WShift, WPresent, WRecords;
    public readonly Signal ActValid, ActReady, ActBank;
    public readonly Signal[] ActData;
    public readonly Signal OutValid, OutReady, OutBank;
    public readonly Signal[] OutData, Counters;
    public readonly PeArray Array;
    public readonly Controller Control;
    public readonly EventCounterFile CounterFile;
    public readonly OutputBuffer Output;

    public override string BaseName => "microscopiq_top";

    public MicroScopiQTop(MicroScopiQConfig cfg)
    {
        // cfg needs no check here: a config exists only once its constructor's rules passed (DesignConfig)
        int slots = cfg.MicroSlots;
        TwoBitMode = In();
        WValid = In(); WReady = Out(); WRow = In(cfg.RowBits); WBank = In(); WWeights = In(4 * cfg.Cols);
        WShift = In(cfg.ShiftWidth); WPresent = In(slots); WRecords = In(MicroScopiQConfig.RecordWidth * slots);
        ActValid = In(); ActReady = Out(); ActBank = In();
        ActData = [.. Enumerable.Range(0, cfg.Rows).Select(_ => In(MicroScopiQConfig.ActivationWidth, signed: true))];
        OutValid = Out(); OutReady = In(); OutBank = Out();
        OutData = [.. Enumerable.Range(0, cfg.Lanes).Select(_ => Out(cfg.AccumulatorWidth, signed: true))];
        Counters = [.. MicroScopiQCounters.For(cfg).Select(e => Out(MicroScopiQConfig.CounterWidth).Named("ctr_" + e.Name))];

        Array = Instance(new PeArray(cfg), "array");
        Control = Instance(new Controller(cfg), "control");
        CounterFile = Instance(new EventCounterFile(MicroScopiQCounters.For(cfg)), "counters");
        Output = Instance(new OutputBuffer(cfg.Lanes, cfg.AccumulatorWidth), "out_buf");
        Control.TwoBitMode.Assign(TwoBitMode); Control.ActValid.Assign(ActValid); Control.ActBank.Assign(ActBank);
        Control.OutValid.Assign(Output.OutValid); Control.OutReady.Assign(OutReady); Control.Full.Assign(Output.Full);
        Control.RowsNeedingRecon[0].Assign(Array.RowsNeedingRecon[0]); Control.RowsNeedingRecon[1].Assign(Array.RowsNeedingRecon[1]);

        Array.Enable.Assign(Control.Enable); Array.TwoBitMode.Assign(TwoBitMode);
        Array.ValidIn.Assign(ActValid); Array.BankIn.Assign(ActBank);
        for (var r = 0; r < cfg.Rows; r++) Array.ActIn[r].Assign(ActData[r]);
        Array.LoadValid.Assign(WValid); Array.LoadRow.Assign(WRow); Array.LoadBank.Assign(WBank);
        Array.LoadWeights.Assign(WWeights); Array.LoadShift.Assign(WShift);
        Array.LoadPresent.Assign(WPresent); Array.LoadRecords.Assign(WRecords);

        for (var i = 0; i < Counters.Length; i++)
        {
            CounterFile.Increment[i].Assign(Control.Increments[i]);
            Counters[i].Assign(CounterFile.Count[i]);
        }
        WReady.Assign(Logic.Lit(1, 1));
        ActReady.Assign(Control.ActReady);
        // A result enters the buffer when it reaches the array bottom in a cycle the array advances (a frozen bottom
        // would otherwise be taken twice). Data and bank are shown only with out_valid (zero otherwise).
        Output.InValid.Assign(Array.ValidOut & Control.Enable); Output.InBank.Assign(Array.BankOut); Output.OutReady.Assign(OutReady);
        for (var j = 0; j < cfg.Lanes; j++) { Output.InData[j].Assign(Array.AccOut[j]); OutData[j].Assign(Output.OutData[j]); }
        OutValid.Assign(Output.OutValid); OutBank.Assign(Output.OutBank);
        if (Array.Recon is { } hold && Control.Recon is { } held) Bundle.Connect(hold, held);
    }
}
