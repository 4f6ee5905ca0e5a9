using SmartQuant.Hdl;

namespace SmartQuant.Hw.Cxl;

/// <summary>
/// Performance and error counters generated from <see cref="CxlCounters.Events"/>: one event input per counter
/// (plus a value input for AddValue/Max counters), read combinationally at 0x80 + index. Counters wrap.
/// </summary>
public sealed class CounterFile : Module
{
    public readonly Signal[] Events;
    public readonly Signal?[] Values;
    public readonly Signal ReadAddr, ReadData;
    private readonly Signal[] _counts;

    public CounterFile(CxlStoreConfig cfg)
    {
        var defs = CxlCounters.Events(cfg);
        Events = new Signal[defs.Count];
        Values = new Signal?[defs.Count];
        _counts = new Signal[defs.Count];
        ReadAddr = In(CxlStoreConfig.RegAddrBits);
        ReadData = Out(CxlStoreConfig.RegDataBits);
        foreach (var d in defs)
        {
            var i = d.Index;
            var ev = Events[i] = In().Named($"ev_{d.Name}");
            var c = _counts[i] = Reg(d.Width).Named($"count_{d.Name}");
            switch (d.Kind)
            {
                case CounterKind.Count:
                    When(ev, () => c.Assign(c.AddWrap(1)));
                    break;
                case CounterKind.AddLine:
                    When(ev, () => c.Assign(c.AddWrap(CxlStoreConfig.LineBytes)));
                    break;
                case CounterKind.AddValue:
                {
                    var v = Values[i] = In(CxlStoreConfig.TimestampBits).Named($"val_{d.Name}");
                    When(ev, () => c.Assign(c.AddWrap(v.Extend(d.Width))));
                    break;
                }
                case CounterKind.Max:
                {
                    var v = Values[i] = In(d.Width).Named($"val_{d.Name}");
                    When(ev & (v > c), () => c.Assign(v));
                    break;
                }
            }
        }
        ReadData.Assign(Logic.Mux(ReadAddr >= CxlRegisters.CounterBase,
            Logic.Select(NamedWire(ReadAddr.SubWrap(CxlRegisters.CounterBase), "counter_index")[6, 0],
                [.. _counts.Select(c => c.Extend(CxlStoreConfig.RegDataBits)), Logic.Lit(0, CxlStoreConfig.RegDataBits)]),
            Logic.Lit(0, CxlStoreConfig.RegDataBits)));
    }

}
