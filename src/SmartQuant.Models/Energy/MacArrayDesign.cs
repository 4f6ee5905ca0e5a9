namespace SmartQuant.Models.Energy;

/// <summary>
/// The INT8 weight-stationary mac-array (design "mac-array", W8A8, an FP16 scale per output channel). Its load port
/// shifts weights down the columns, so a tile is single-buffered: Rows load cycles, then the tokens enter skewed by
/// row and the last result leaves the south edge M + Rows + Cols − 2 enabled cycles later (the golden model's
/// contract; checked by driving it in EnergyModelTests). With a counter source (the report) the events of a layer are
/// the mac-array's counters (cycles, load cycles, stream steps, MACs) after a golden run of it; without one, the
/// schedule formula below, which the tests check equal to those counters.
/// </summary>
public sealed class MacArrayDesign(int rows, int cols, IMacArrayCounterSource? counters = null) : AcceleratorDesign(rows, cols)
{
    /// <summary>Where the events come from; null: the analytical schedule (<see cref="AcceleratorDesign.Schedule"/>).</summary>
    public IMacArrayCounterSource? CounterSource { get; } = counters;
    public override string Name => "int8";
    public override string Format => "INT8 weights and activations (mac-array)";
    public override int MacWeightBits => 8;
    public override bool Analytical => false;
    public override AcceleratorDesign Resize(int rows, int cols) => new MacArrayDesign(rows, cols, CounterSource);
    public override bool Supports(int rows, int cols) => rows is >= 1 and <= 256 && cols is >= 1 and <= 256;
    public override double StoredBitsPerWeight(int inputs) => 8 + 16.0 / inputs;

    /// <summary>Enabled cycles of one tile after its loads: the skewed stream and the drain.</summary>
    public long StreamSteps(int tokens) => tokens + Rows + Cols - 2;
    public override long Cycles(long tiles, int tokens) => tiles * (Rows + StreamSteps(tokens));

    /// <summary>The layer's events from the counter file of a golden run when there is a counter source.</summary>
    public override ScheduleEvents Schedule(LayerShape layer, int tokens) =>
        CounterSource?.Count(this, layer, tokens) ?? base.Schedule(layer, tokens);

    /// <summary>The analytical schedule (the formula), whatever the counter source.</summary>
    public ScheduleEvents AnalyticalSchedule(LayerShape layer, int tokens) => base.Schedule(layer, tokens);
    protected override long ComputeSteps(long tiles, int tokens) => tiles * StreamSteps(tokens);

    /// <summary>MACs: each token's activation meets every PE of its row once (fill and drain steps multiply zeros, which a
    /// data-gated multiplier does not pay for). Registers: a load cycle shifts every weight register (Rows·Cols·8 bits);
    /// every stream step clocks every PE's activation and partial-sum registers.</summary>
    public override ActionCounts Actions(ScheduleEvents e) => BufferActions(e, (long)Cols * 8)
        .Add(EnergyActions.Mac8x8, e.Macs)
        .Add(EnergyActions.RegisterBit, checked(e.RowLoads * Rows * Cols * 8 + e.ComputeSteps * Rows * Cols * (ActivationBits + AccumulatorBits)));
}
