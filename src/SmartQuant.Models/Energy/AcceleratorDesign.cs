using SmartQuant.Models.ArrayBaseline;

namespace SmartQuant.Models.Energy;

/// <summary>One linear layer of a workload: Out × In weights (N output channels, K input features).</summary>
/// <param name="OutlierTileRows">MicroScopiQ only: (tile, PE row) pairs whose row holds an outlier µB at this array
/// size (<see cref="MicroScopiQDesign.OutlierTileRows"/>); every token of such a tile goes through that row's ReCoN.</param>
public sealed record LayerShape(string Name, int Out, int In, long OutlierTileRows = 0);

/// <summary>
/// The events of a layer's weight-stationary schedule that energy is counted from. A design's analytical schedule
/// produces them from the layer shape; the golden-model harness (tests) produces the same fields from a cycle-by-cycle
/// run and the design's counters, and both go through the design's <see cref="AcceleratorDesign.Actions"/>.
/// </summary>
/// <param name="Cycles">Cycles from the first weight load to the last result delivered.</param>
/// <param name="RowLoads">Weight rows written into the array (tiles × Rows).</param>
/// <param name="TokenTiles">Tokens streamed, summed over tiles (each token passes every tile of the layer).</param>
/// <param name="PsumReadTokenTiles">Token-tiles whose partial sums add to an earlier K-tile's (read back from the output buffer).</param>
/// <param name="ComputeSteps">Enabled cycles that move activations and partial sums through the array.</param>
/// <param name="Macs">Multiply-accumulates the design's MAC counter reports.</param>
/// <param name="ReconTraversals">Row-tokens that went through a ReCoN (MicroScopiQ's counter; 0 elsewhere).</param>
/// <param name="Counters">The whole counter file of a baseline array's golden run (mxint-array, olive-array), whose
/// action counts come from these counters; null for designs whose events are the fields above.</param>
public sealed record ScheduleEvents(long Cycles, long RowLoads, long TokenTiles, long PsumReadTokenTiles, long ComputeSteps, long Macs, long ReconTraversals,
    ArrayActionCounts? Counters = null);

/// <summary>A layer on a design: its schedule events, the action counts made from them, and the weight bits read from DRAM.</summary>
public sealed record LayerRun(ScheduleEvents Events, ActionCounts Actions, long DramBits);

/// <summary>
/// An accelerator design as the energy model sees it (docs/energy-model.md): a weight-stationary Rows × Cols array,
/// the operand widths its PEs multiply, the bits its weights occupy in DRAM, its analytical schedule and how its
/// schedule events turn into action counts. Any design plugs in by deriving from this class; the equal-area sizing
/// and `smartquant report accelerators` work on the list of designs only.
/// </summary>
public abstract class AcceleratorDesign(int rows, int cols)
{
    public int Rows { get; } = rows;
    public int Cols { get; } = cols;

    /// <summary>Short name used in tables ("int8", "mxint4", "olive", "microscopiq").</summary>
    public abstract string Name { get; }
    /// <summary>The weight format in words.</summary>
    public abstract string Format { get; }
    /// <summary>Weight operand width of one MAC (8, 4 or 2).</summary>
    public abstract int MacWeightBits { get; }
    /// <summary>Output lanes of one tile (outputs computed per token per tile).</summary>
    public virtual int Lanes => Cols;
    /// <summary>True while the action counts come only from the analytical schedule written from the docs, not yet
    /// checked against the design's golden model and counters (docs/energy-model.md, "Analytical designs").</summary>
    public abstract bool Analytical { get; }
    /// <summary>Accumulator (partial-sum) width in bits.</summary>
    public virtual int AccumulatorBits => 32;
    public const int ActivationBits = 8;

    /// <summary>The same design with another array size (equal-area sizing).</summary>
    public abstract AcceleratorDesign Resize(int rows, int cols);
    /// <summary>Whether the design can be built with this many rows and columns.</summary>
    public abstract bool Supports(int rows, int cols);

    /// <summary>Bits one weight occupies in DRAM, metadata included, for a layer with <paramref name="inputs"/> inputs per output channel.</summary>
    public abstract double StoredBitsPerWeight(int inputs);

    /// <summary>Cycles of <paramref name="tiles"/> tiles with <paramref name="tokens"/> tokens each.</summary>
    public abstract long Cycles(long tiles, int tokens);

    /// <summary>Action counts of a schedule's events; the same function serves the analytical and the golden events.</summary>
    public abstract ActionCounts Actions(ScheduleEvents e);

    /// <summary>MACs the design's counter reports per token per tile.</summary>
    public virtual long MacsPerTokenTile => (long)Rows * Lanes;

    public long KTiles(int inputs) => (inputs + Rows - 1) / Rows;
    public long NTiles(int outputs) => (outputs + Lanes - 1) / Lanes;

    /// <summary>The analytical schedule of one layer with <paramref name="tokens"/> tokens (all streamed through each weight tile).</summary>
    public virtual ScheduleEvents Schedule(LayerShape layer, int tokens)
    {
        long kt = KTiles(layer.In), nt = NTiles(layer.Out), tiles = kt * nt;
        return new ScheduleEvents(
            Cycles: Cycles(tiles, tokens),
            RowLoads: tiles * Rows,
            TokenTiles: tiles * tokens,
            PsumReadTokenTiles: (kt - 1) * nt * tokens,
            ComputeSteps: ComputeSteps(tiles, tokens),
            Macs: tiles * tokens * MacsPerTokenTile,
            ReconTraversals: ReconTraversals(layer, tokens));
    }

    /// <summary>Enabled cycles that move tokens through the array (default: every token one cycle per tile).</summary>
    protected virtual long ComputeSteps(long tiles, int tokens) => tiles * tokens;
    protected virtual long ReconTraversals(LayerShape layer, int tokens) => 0;

    /// <summary>A layer: its analytical schedule, its actions and its DRAM weight bits (each weight read once per layer).</summary>
    public LayerRun Run(LayerShape layer, int tokens)
    {
        var e = Schedule(layer, tokens);
        long dramBits = (long)Math.Ceiling((double)layer.Out * layer.In * StoredBitsPerWeight(layer.In));
        var actions = Actions(e).Add(EnergyActions.DramReadBit, dramBits);
        return new LayerRun(e, actions, dramBits);
    }

    /// <summary>Buffer traffic every design shares: weight rows read once, one activation vector per token-tile,
    /// partial sums written per token-tile and read back when a K-tile adds to an earlier one.</summary>
    protected ActionCounts BufferActions(ScheduleEvents e, long weightBitsPerRow) => new ActionCounts()
        .Add(EnergyActions.SramReadBit, checked(e.RowLoads * weightBitsPerRow + e.TokenTiles * Rows * ActivationBits
                                                + e.PsumReadTokenTiles * Lanes * AccumulatorBits))
        .Add(EnergyActions.SramWriteBit, checked(e.TokenTiles * Lanes * AccumulatorBits));

    public override string ToString() => $"{Name} {Rows}×{Cols}";
}
