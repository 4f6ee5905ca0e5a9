using SmartQuant.Hdl;
using SmartQuant.Hw.Common;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Hw.OliveArray;

/// <summary>
/// Top of design "olive-array" (module olive_array_top). Ports:
/// <list type="bullet">
/// <item>Load port (always ready): w_valid, w_pair (row pair p: rows 2p, 2p+1), w_bank, w_codes (column c's pair in
/// [8c+7:8c]: row 2p's code in the low nibble, row 2p+1's in the high nibble), decoded at the array edge.</item>
/// <item>Activation stream: act_valid/act_ready, act_bank (weight bank of this token), act_data_r (INT8 of row r).</item>
/// <item>Output stream: out_valid/out_ready, out_bank, out_data_c (column c's exact sum, in units of its group scale).</item>
/// <item>Counters ctr_* (<see cref="ArrayCounters.Olive"/>).</item>
/// </list>
/// One global enable, ~Full of the two-entry <see cref="OutputBuffer"/> (a flip-flop), so out_ready reaches no pipeline enable.
/// </summary>
public sealed class OliveArrayTop : Module
{
    public readonly Signal WValid, WReady, WPair, WBank, WCodes;
    public readonly Signal ActValid, ActReady, ActBank;
    public readonly Signal[] ActData;
    public readonly Signal OutValid, OutReady, OutBank;
    public readonly Signal[] OutData, Counters;
    public readonly OliveGrid Grid;
    public readonly OutputBuffer Output;
    public readonly EventCounterFile CounterFile;

    public override string BaseName => "olive_array_top";

    public OliveArrayTop(OliveArrayConfig cfg)
    {
        cfg.Validate();
        var events = ArrayCounters.Olive;
        WValid = In(); WReady = Out(); WPair = In(cfg.PairBits); WBank = In(); WCodes = In(2 * OliveArrayConfig.CodeWidth * cfg.Cols);
        ActValid = In(); ActReady = Out(); ActBank = In();
        ActData = [.. Enumerable.Range(0, cfg.Rows).Select(_ => In(OliveArrayConfig.ActivationWidth, signed: true))];
        OutValid = Out(); OutReady = In(); OutBank = Out();
        OutData = [.. Enumerable.Range(0, cfg.Cols).Select(_ => Out(cfg.AccumulatorWidth, signed: true))];
        Counters = [.. events.Select(e => Out(ArrayCounters.CounterWidth).Named("ctr_" + e.Name))];

        Grid = Instance(new OliveGrid(cfg), "grid");
        Output = Instance(new OutputBuffer(cfg.Cols, cfg.AccumulatorWidth), "out_buf");
        CounterFile = Instance(new EventCounterFile(events), "counters");

        var enable = ~Output.Full;
        var accept = ActValid & enable;
        var deliver = Output.OutValid & OutReady;
        var enter = Grid.ValidOut & enable;   // a frozen bottom is not taken twice
        Grid.Enable.Assign(enable); Grid.ValidIn.Assign(ActValid); Grid.BankIn.Assign(ActBank);
        for (var r = 0; r < cfg.Rows; r++) Grid.ActIn[r].Assign(ActData[r]);
        Grid.LoadValid.Assign(WValid); Grid.LoadPair.Assign(WPair); Grid.LoadBank.Assign(WBank); Grid.LoadCodes.Assign(WCodes);

        Output.InValid.Assign(enter); Output.InBank.Assign(Grid.BankOut); Output.OutReady.Assign(OutReady);
        for (var c = 0; c < cfg.Cols; c++) { Output.InData[c].Assign(Grid.AccOut[c]); OutData[c].Assign(Output.OutData[c]); }
        OutValid.Assign(Output.OutValid); OutBank.Assign(Output.OutBank);
        WReady.Assign(Logic.Lit(1, 1));
        ActReady.Assign(enable);

        int fw = Logic.Log2Ceil(cfg.PipelineLatency + 3) + 1;
        var inflight = Reg(fw);
        inflight.Assign(inflight.AddWrap(accept.Extend(fw)).SubWrap(deliver.Extend(fw)));

        int iw = ArrayCounters.IncrementWidth;
        Expr Per(Expr when, long count) => Logic.Mux(when, Logic.Lit(count, iw), Logic.Lit(0, iw));
        long rows = cfg.Rows, cols = cfg.Cols;
        var pairWritten = (1 << cfg.PairBits) == cfg.Pairs ? WValid : WValid & (WPair < cfg.Pairs);
        Expr outliers = Logic.Lit(0, iw);
        foreach (var o in Grid.OutlierPairs) outliers = outliers.AddWrap(o.Extend(iw));
        var incs = new Dictionary<CounterEvent, Expr>
        {
            [ArrayCounters.Cycles] = Logic.Lit(1, iw),
            [ArrayCounters.Busy] = inflight.Ne(0).Extend(iw),
            [ArrayCounters.Stalls] = Output.Full.Extend(iw),
            [ArrayCounters.Tokens] = accept.Extend(iw),
            [ArrayCounters.Macs4] = Per(accept, rows * cols),
            [ArrayCounters.WeightWrites] = Per(pairWritten, 2 * cols),
            [ArrayCounters.WeightReads] = Per(accept, rows * cols),
            [ArrayCounters.ActWrites] = Per(accept, rows * cols),
            [ArrayCounters.PsumWrites] = Per(accept, rows * cols),
            [ArrayCounters.SkewWrites] = Per(accept, rows * (rows - 1) / 2),
            [ArrayCounters.DeskewWrites] = Per(accept, cols * (cols - 1) / 2),
            [ArrayCounters.OutWrites] = enter.Extend(iw),
            [ArrayCounters.OutReads] = deliver.Extend(iw),
            [ArrayCounters.DecoderUses] = Per(pairWritten, cols),
            [ArrayCounters.OutlierPairs] = Logic.Mux(pairWritten, outliers, Logic.Lit(0, iw)),
        };
        for (var i = 0; i < events.Count; i++)
        {
            CounterFile.Increment[i].Assign(incs[events[i]]);
            Counters[i].Assign(CounterFile.Count[i]);
        }
    }
}
