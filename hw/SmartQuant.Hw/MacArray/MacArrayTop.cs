using SmartQuant.Hdl;
using SmartQuant.Hw.Common;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Hw.MacArray;

/// <summary>
/// Weight-stationary Rows×Cols array of <see cref="MacPe"/>. Activations enter at the west edge (one per row) and
/// move one PE east per cycle; partial sums start at zero at the north edge and move one PE south per cycle, leaving
/// at the south edge (one per column). Weights enter at the north edge and shift down while LoadWeight is high, so
/// after Rows load cycles row r holds the weights presented Rows−1−r cycles earlier. The caller skews the inputs.
/// </summary>
public sealed class MacArrayTop : Module
{
    public readonly Signal Enable, LoadWeight;
    public readonly Signal[] ActIn, WeightIn, PsumOut;
    /// <summary>One port per <see cref="ArrayCounters.MacArray"/> event with <see cref="MacArrayConfig.Counters"/>, else none.</summary>
    public readonly Signal[] Counters = [];
    public readonly MacPe[,] Pes;
    public readonly EventCounterFile? CounterFile;

    // The emitted module keeps its name: the class is MacArrayTop so that it does not repeat its namespace.
    public override string BaseName => "mac_array";

    public MacArrayTop(MacArrayConfig cfg)
    {
        // cfg needs no check here: a config exists only once its constructor's rules passed (DesignConfig)
        Enable = In();
        LoadWeight = In();
        ActIn = [.. Enumerable.Range(0, cfg.Rows).Select(_ => In(cfg.OperandWidth, signed: true))];
        WeightIn = [.. Enumerable.Range(0, cfg.Cols).Select(_ => In(cfg.OperandWidth, signed: true))];
        PsumOut = [.. Enumerable.Range(0, cfg.Cols).Select(_ => Out(cfg.AccumulatorWidth, signed: true))];

        Pes = new MacPe[cfg.Rows, cfg.Cols];
        for (var r = 0; r < cfg.Rows; r++)
        for (var c = 0; c < cfg.Cols; c++)
        {
            var pe = Pes[r, c] = Reuse(static k => new MacPe(k), cfg, $"pe_{r}_{c}");
            pe.Enable.Assign(Enable);
            pe.LoadWeight.Assign(LoadWeight);
            pe.ActIn.Assign(c == 0 ? ActIn[r] : Pes[r, c - 1].ActOut);
            pe.WeightIn.Assign(r == 0 ? WeightIn[c] : Pes[r - 1, c].WeightOut);
            pe.PsumIn.Assign(r == 0 ? Logic.Lit(0, cfg.AccumulatorWidth, signed: true) : Pes[r - 1, c].PsumOut);
        }
        for (var c = 0; c < cfg.Cols; c++) PsumOut[c].Assign(Pes[cfg.Rows - 1, c].PsumOut);
        if (cfg.Counters) (Counters, CounterFile) = CountActions(cfg);
    }

    /// <summary>
    /// The energy model's counts (docs/energy-model.md §3), taken at the west edge: a load cycle writes a weight row,
    /// a stream step moves every activation and partial sum, and a non-zero activation entering row r will meet the
    /// Cols PEs of the row (counted when it enters, as the stream arrays count a token's work when it is accepted).
    /// </summary>
    private (Signal[], EventCounterFile) CountActions(MacArrayConfig cfg)
    {
        var events = ArrayCounters.MacArray;
        var ports = events.Select(e => Out(ArrayCounters.CounterWidth).Named("ctr_" + e.Name)).ToArray();
        var file = Instance(new EventCounterFile(events), "counters");
        int iw = ArrayCounters.IncrementWidth;
        // Rows non-zero activations of Cols MACs each: at most 256 × 256, well inside the increment width.
        var macs = ActIn.Select(a => Logic.Mux(Enable & a.Ne(0), Logic.Lit(cfg.Cols, iw), Logic.Lit(0, iw))).Aggregate((x, y) => x.AddWrap(y));
        var incs = new Dictionary<CounterEvent, Expr>
        {
            [ArrayCounters.Cycles] = Logic.Lit(1, iw),
            [ArrayCounters.LoadCycles] = (Enable & LoadWeight).Extend(iw),
            [ArrayCounters.StreamSteps] = (Enable & ~LoadWeight).Extend(iw),
            [ArrayCounters.Macs8] = macs,
        };
        for (var i = 0; i < events.Count; i++)
        {
            file.Increment[i].Assign(incs[events[i]]);
            ports[i].Assign(file.Count[i]);
        }
        return (ports, file);
    }
}
