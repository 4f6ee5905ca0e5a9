using SmartQuant.Hdl;
using SmartQuant.Hw.Common;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Hw.MxIntArray;

/// <summary>
/// Top of design "mxint-array" (module mxint_array_top). Ports, as MicroScopiQ's without the µB metadata:
/// <list type="bullet">
/// <item>twoBitMode: 1 = bb 2 (two 2-bit weights per PE, 2·Cols lanes), 0 = bb 4 (MX-INT-4, one weight per PE, even lanes). Change only when idle.</item>
/// <item>Load port (always ready): w_valid, w_row, w_bank, w_weights (4 bits per PE, PE c in [4c+3:4c]), w_shift (sh_r).</item>
/// <item>Activation stream: act_valid/act_ready, act_bank (weight bank of this token), act_data_r (INT8 of row r).</item>
/// <item>Output stream: out_valid/out_ready, out_bank, out_data_j (sum of lane j in units 2^(X_acc + activation exponent)).</item>
/// <item>Counters ctr_* (<see cref="ArrayCounters.MxInt"/>).</item>
/// </list>
/// The stream ports, output buffer (one global enable) and shared counts are <see cref="StreamArrayShell"/>'s.
/// </summary>
public sealed class MxIntArrayTop : Module
{
    public readonly Signal TwoBitMode;
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
        // cfg needs no check here: a config exists only once its constructor's rules passed (DesignConfig)
        TwoBitMode = In();
        WValid = In(); WReady = Out(); WRow = In(cfg.RowBits); WBank = In();
        WWeights = In(MxIntArrayConfig.WeightWordWidth * cfg.Cols); WShift = In(cfg.ShiftWidth);
        var shell = Shell = new StreamArrayShell(this, cfg.Rows, MxIntArrayConfig.ActivationWidth, cfg.Lanes, cfg.AccumulatorWidth, ArrayCounters.MxInt);
        (ActValid, ActReady, ActBank, ActData) = (shell.ActValid, shell.ActReady, shell.ActBank, shell.ActData);
        (OutValid, OutReady, OutBank, OutData, Counters) = (shell.OutValid, shell.OutReady, shell.OutBank, shell.OutData, shell.Counters);

        Grid = Instance(new MxIntGrid(cfg), "grid");
        shell.Instance(Grid.Enable, Grid.ValidIn, Grid.BankIn, Grid.ActIn, Grid.ValidOut, Grid.BankOut, Grid.AccOut);
        (Output, CounterFile) = (shell.Output, shell.CounterFile);
        Grid.TwoBitMode.Assign(TwoBitMode);
        Grid.LoadValid.Assign(WValid); Grid.LoadRow.Assign(WRow); Grid.LoadBank.Assign(WBank);
        Grid.LoadWeights.Assign(WWeights); Grid.LoadShift.Assign(WShift);
        WReady.Assign(Logic.Lit(1, 1));

        // The design's counts (docs/baseline-arrays.md, "Counters"); the shell adds the shared ones.
        var accept = shell.Accept;
        long rows = cfg.Rows, cols = cfg.Cols;
        var rowWritten = (1 << cfg.RowBits) == cfg.Rows ? WValid : WValid & (WRow < cfg.Rows);
        shell.Count(cfg.PipelineLatency, new Dictionary<CounterEvent, Expr>
        {
            [ArrayCounters.Macs4] = StreamArrayShell.Per(accept & ~TwoBitMode, rows * cols),
            [ArrayCounters.Macs2] = StreamArrayShell.Per(accept & TwoBitMode, rows * 2 * cols),
            [ArrayCounters.WeightWrites] = StreamArrayShell.Per(rowWritten, cols),
            [ArrayCounters.WeightReads] = StreamArrayShell.Per(accept, rows * cols),
            [ArrayCounters.ActWrites] = StreamArrayShell.Per(accept, rows * (cols + 1)),
            [ArrayCounters.PsumWrites] = Logic.Mux(TwoBitMode, StreamArrayShell.Per(accept, rows * 2 * cols), StreamArrayShell.Per(accept, rows * cols)),
            [ArrayCounters.SkewWrites] = StreamArrayShell.Per(accept, rows * (rows - 1) / 2),
            [ArrayCounters.DeskewWrites] = StreamArrayShell.Per(accept, cols * (cols - 1) / 2),
        });
    }

    /// <summary>The stream and counter ports this top shares with the other baseline array (typed port binding takes them from here).</summary>
    public readonly StreamArrayShell Shell;
}
