using SmartQuant.Hdl;
using SmartQuant.Models.ArrayBaseline;

namespace SmartQuant.Models.Energy;

/// <summary>
/// A baseline array with a counter file (mxint-array, olive-array) as the energy model sees it: its schedule events and
/// action counts are the counters of a golden-model run of the layer (<see cref="IArrayCounterSource"/>), the same
/// counters its RTL exposes and co-simulation compares every cycle, not a formula. The design states only what a
/// counted event costs: the bit width of each register word its counters count (docs/baseline-arrays.md, "Counters").
/// </summary>
public abstract class StreamArrayDesign(int rows, int cols, IArrayCounterSource? counters) : AcceleratorDesign(rows, cols)
{
    /// <summary>Where the counts come from; null only for designs that are sized and never run.</summary>
    public IArrayCounterSource? CounterSource { get; } = counters;
    public override bool Analytical => false;

    /// <summary>The design's name in the design catalog (`smartquant designs`).</summary>
    public abstract string HardwareDesign { get; }
    /// <summary>The hardware configuration of this array size (what the golden run elaborates).</summary>
    public abstract DesignConfig HardwareConfig { get; }
    /// <summary>Bits of one weight row as the weight buffer holds it (codes and per-row metadata).</summary>
    public abstract long RowBits { get; }
    /// <summary>Weight rows a run loaded, from its counters.</summary>
    protected abstract long RowLoads(ArrayActionCounts c);
    /// <summary>The array's own actions (MACs, register bits, decodes) from its counters.</summary>
    protected abstract ActionCounts ArrayActions(ArrayActionCounts c);

    /// <summary>The golden run's events: cycles, tokens, MACs and busy cycles from the counter file.</summary>
    public override ScheduleEvents Schedule(LayerShape layer, int tokens)
    {
        var source = CounterSource ?? throw new InvalidOperationException($"{Name}: action counts come from the golden model's counters; give the design a counter source");
        var r = source.Count(this, layer, tokens);
        var c = r.Counters;
        return new ScheduleEvents(c.Cycles, RowLoads(c), c.Tokens, r.PsumReadTokenTiles, c.BusyCycles, c.Macs4 + c.Macs2, 0, c);
    }

    /// <summary>There is no cycle formula: cycles are the golden run's cycle counter (<see cref="Schedule"/>).</summary>
    public sealed override long Cycles(long tiles, int tokens) =>
        throw new NotSupportedException($"{Name}: cycles come from the golden model's cycle counter (Schedule), not from a formula");

    /// <summary>Buffer traffic (host side, as every design) plus the array's actions from its counters.</summary>
    public override ActionCounts Actions(ScheduleEvents e) =>
        BufferActions(e, RowBits).Add(ArrayActions(e.Counters ?? throw new ArgumentException($"{Name}: these events carry no counter file")));
}
