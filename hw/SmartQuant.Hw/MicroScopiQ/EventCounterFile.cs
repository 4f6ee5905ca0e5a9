using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>Counters of <see cref="MicroScopiQCounters.All"/> (or of <see cref="MicroScopiQCounters.For"/>): each adds its increment every cycle (wrapping).
/// Used by microscopiq and the baseline arrays (the cxl-store's register-read counter file is another block).</summary>
public sealed class EventCounterFile : Module
{
    public readonly Signal[] Increment, Count;

    // The emitted module keeps its name (the Verilog of the designs is unchanged by the C# rename).
    public override string BaseName => "counter_file";

    public EventCounterFile(IReadOnlyList<CounterEvent>? only = null)
    {
        var events = only ?? MicroScopiQCounters.All;
        Increment = [.. events.Select(e => In(MicroScopiQCounters.IncrementWidth).Named("inc_" + e.Name))];
        Count = [.. events.Select(e => Out(MicroScopiQConfig.CounterWidth).Named("ctr_" + e.Name))];
        for (var i = 0; i < events.Count; i++)
        {
            var reg = Reg(MicroScopiQConfig.CounterWidth).Named("count_" + events[i].Name);
            reg.Assign(reg.AddWrap(Increment[i].Extend(MicroScopiQConfig.CounterWidth)));
            Count[i].Assign(reg);
        }
    }
}
