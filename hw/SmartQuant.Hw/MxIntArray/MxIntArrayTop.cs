using SmartQuant.Hdl;
using SmartQuant.Hw.Common;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Hw.MxIntArray;

/// <summary>
/// Top of design "mxint-array" (module mxint_array_top). Ports, as MicroScopiQ's without the µB metadata:
/// <list type="bullet">
/// <item>mode2: 1 = bb 2 (two 2-bit weights per PE, 2·Cols lanes), 0 = bb 4 (MX-INT-4, one weight per PE, even lanes). Change only when idle.</item>
/// <item>Load port (always ready): w_valid, w_row, w_bank, w_weights (4 bits per PE, PE c in [4c+3:4c]), w_shift (sh_r).</item>
/// <item>Activation stream: act_valid/act_ready, act_bank (weight bank of this token), act_data_r (INT8 of row r).</item>
/// <item>Output stream: out_valid/out_ready, out_bank, out_data_j (sum of lane j in units 2^(X_acc + activation exponent)).</item>
/// <item>Counters ctr_* (<see cref="ArrayCounters.MxInt"/>).</item>
/// </list>
/// One global enable, ~Full of the two-entry <see cref="OutputBuffer"/> (a flip-flop), so out_ready reaches no pipeline enable.
/// </summary>
public sealed class MxIntArrayTop : Module
{
    public readonly Signal Mode2;
    public readonly Signal WValid, WReady, WRow, WBank, WWeights, WShift;
    public readonly Signal ActValid, ActReady, ActBank;
    public readonly Signal[] ActData;
    public readonly Signal OutValid, OutReady, OutBank;
    public readonly Signal[] OutData, Counters;
    public readonly MxIntGrid Grid;
    public readonly OutputBuffer Output;
    public readonly EventCounterFile CounterFile;

    public override string BaseName => "mxint_array_top";

    public MxIntArrayTop(MxIntArrayConfig cfg)
    {
        cfg.Validate();
        var events = ArrayCounters.MxInt;
        Mode2 = In();
        WValid = In(); WReady = Out(); WRow = In(cfg.RowBits); WBank = In();
        WWeights = In(MxIntArrayConfig.WeightWordWidth * cfg.Cols); WShift = In(cfg.ShiftWidth);
        ActValid = In(); ActReady = Out(); ActBank = In();
        ActData = [.. Enumerable.Range(0, cfg.Rows).Select(_ => In(MxIntArrayConfig.ActivationWidth, signed: true))];
        OutValid = Out(); OutReady = In(); OutBank = Out();
        OutData = [.. Enumerable.Range(0, cfg.Lanes).Select(_ => Out(cfg.AccumulatorWidth, signed: true))];
        Counters = [.. events.Select(e => Out(ArrayCounters.CounterWidth).Named("ctr_" + e.Name))];

        Grid = Instance(new MxIntGrid(cfg), "grid");
        Output = Instance(new OutputBuffer(cfg.Lanes, cfg.AccumulatorWidth), "out_buf");
        CounterFile = Instance(new EventCounterFile(events), "counters");

        var enable = ~Output.Full;
        var accept = ActValid & enable;
        var deliver = Output.OutValid & OutReady;
        var enter = Grid.ValidOut & enable;   // a frozen bottom is not taken twice
        Grid.Enable.Assign(enable); Grid.Mode2.Assign(Mode2);
        Grid.ValidIn.Assign(ActValid); Grid.BankIn.Assign(ActBank);
        for (var r = 0; r < cfg.Rows; r++) Grid.ActIn[r].Assign(ActData[r]);
        Grid.LoadValid.Assign(WValid); Grid.LoadRow.Assign(WRow); Grid.LoadBank.Assign(WBank);
        Grid.LoadWeights.Assign(WWeights); Grid.LoadShift.Assign(WShift);

        Output.InValid.Assign(enter); Output.InBank.Assign(Grid.BankOut); Output.OutReady.Assign(OutReady);
        for (var j = 0; j < cfg.Lanes; j++) { Output.InData[j].Assign(Grid.AccOut[j]); OutData[j].Assign(Output.OutData[j]); }
        OutValid.Assign(Output.OutValid); OutBank.Assign(Output.OutBank);
        WReady.Assign(Logic.Lit(1, 1));
        ActReady.Assign(enable);

        // In-flight tokens (accepted, not delivered): busy cycles.
        int fw = Logic.Log2Ceil(cfg.PipelineLatency + 3) + 1;
        var inflight = Reg(fw);
        inflight.Assign(inflight.AddWrap(accept.Extend(fw)).SubWrap(deliver.Extend(fw)));

        int iw = ArrayCounters.IncrementWidth;
        Expr Per(Expr when, long count) => Logic.Mux(when, Logic.Lit(count, iw), Logic.Lit(0, iw));
        long rows = cfg.Rows, cols = cfg.Cols;
        var rowWritten = (1 << cfg.RowBits) == cfg.Rows ? WValid : WValid & (WRow < cfg.Rows);
        var incs = new Dictionary<CounterEvent, Expr>
        {
            [ArrayCounters.Cycles] = Logic.Lit(1, iw),
            [ArrayCounters.Busy] = inflight.Ne(0).Extend(iw),
            [ArrayCounters.Stalls] = Output.Full.Extend(iw),
            [ArrayCounters.Tokens] = accept.Extend(iw),
            [ArrayCounters.Macs4] = Per(accept & ~Mode2, rows * cols),
            [ArrayCounters.Macs2] = Per(accept & Mode2, rows * 2 * cols),
            [ArrayCounters.WeightWrites] = Per(rowWritten, cols),
            [ArrayCounters.WeightReads] = Per(accept, rows * cols),
            [ArrayCounters.ActWrites] = Per(accept, rows * (cols + 1)),
            [ArrayCounters.PsumWrites] = Logic.Mux(Mode2, Per(accept, rows * 2 * cols), Per(accept, rows * cols)),
            [ArrayCounters.SkewWrites] = Per(accept, rows * (rows - 1) / 2),
            [ArrayCounters.DeskewWrites] = Per(accept, cols * (cols - 1) / 2),
            [ArrayCounters.OutWrites] = enter.Extend(iw),
            [ArrayCounters.OutReads] = deliver.Extend(iw),
        };
        for (var i = 0; i < events.Count; i++)
        {
            CounterFile.Increment[i].Assign(incs[events[i]]);
            Counters[i].Assign(CounterFile.Count[i]);
        }
    }
}
