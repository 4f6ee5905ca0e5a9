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
/// The stream ports, output buffer (one global enable) and shared counts are <see cref="StreamArrayShell"/>'s.
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
        // cfg needs no check here: a config exists only once its constructor's rules passed (DesignConfig)
        WValid = In(); WReady = Out(); WPair = In(cfg.PairBits); WBank = In(); WCodes = In(2 * OliveArrayConfig.CodeWidth * cfg.Cols);
        var shell = Shell = new StreamArrayShell(this, cfg.Rows, OliveArrayConfig.ActivationWidth, cfg.Cols, cfg.AccumulatorWidth, ArrayCounters.Olive);
        (ActValid, ActReady, ActBank, ActData) = (shell.ActValid, shell.ActReady, shell.ActBank, shell.ActData);
        (OutValid, OutReady, OutBank, OutData, Counters) = (shell.OutValid, shell.OutReady, shell.OutBank, shell.OutData, shell.Counters);

        Grid = Instance(new OliveGrid(cfg), "grid");
        shell.Instance(Grid.Enable, Grid.ValidIn, Grid.BankIn, Grid.ActIn, Grid.ValidOut, Grid.BankOut, Grid.AccOut);
        (Output, CounterFile) = (shell.Output, shell.CounterFile);
        Grid.LoadValid.Assign(WValid); Grid.LoadPair.Assign(WPair); Grid.LoadBank.Assign(WBank); Grid.LoadCodes.Assign(WCodes);
        WReady.Assign(Logic.Lit(1, 1));

        // The design's counts (docs/baseline-arrays.md, "Counters"); the shell adds the shared ones.
        var accept = shell.Accept;
        int iw = ArrayCounters.IncrementWidth;
        long rows = cfg.Rows, cols = cfg.Cols;
        var pairWritten = (1 << cfg.PairBits) == cfg.Pairs ? WValid : WValid & (WPair < cfg.Pairs);
        Expr outliers = Logic.Lit(0, iw);
        foreach (var o in Grid.OutlierPairs) outliers = outliers.AddWrap(o.Extend(iw));
        shell.Count(cfg.PipelineLatency, new Dictionary<CounterEvent, Expr>
        {
            [ArrayCounters.Macs4] = StreamArrayShell.Per(accept, rows * cols),
            [ArrayCounters.WeightWrites] = StreamArrayShell.Per(pairWritten, 2 * cols),
            [ArrayCounters.WeightReads] = StreamArrayShell.Per(accept, rows * cols),
            [ArrayCounters.ActWrites] = StreamArrayShell.Per(accept, rows * cols),
            [ArrayCounters.PsumWrites] = StreamArrayShell.Per(accept, rows * cols),
            [ArrayCounters.SkewWrites] = StreamArrayShell.Per(accept, rows * (rows - 1) / 2),
            [ArrayCounters.DeskewWrites] = StreamArrayShell.Per(accept, cols * (cols - 1) / 2),
            [ArrayCounters.DecoderUses] = StreamArrayShell.Per(pairWritten, cols),
            [ArrayCounters.OutlierPairs] = Logic.Mux(pairWritten, outliers, Logic.Lit(0, iw)),
        });
    }

    /// <summary>The stream and counter ports this top shares with the other baseline array (typed port binding takes them from here).</summary>
    public readonly StreamArrayShell Shell;
}
