using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>Counters of <see cref="MicroScopiQCounters.All"/> (or of <see cref="MicroScopiQCounters.For"/>): each adds its increment every cycle (wrapping).</summary>
public sealed class CounterFile : Module
{
    public readonly Signal[] Increment, Count;

    public CounterFile(IReadOnlyList<CounterEvent>? only = null)
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
