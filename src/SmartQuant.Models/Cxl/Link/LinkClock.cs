namespace SmartQuant.Models.Cxl.Link;

/// <summary>
/// Converts device cycles to flit slots by an exact fraction (num/den flits per cycle): each cycle adds num, every
/// whole den is one flit slot. The remainder carries over, so over C cycles the link offers ⌊C·num/den⌋ slots (the
/// first slot no earlier than the fraction allows); a slot with nothing to send is lost, not saved up.
/// </summary>
public sealed class LinkClock(long num, long den)
{
    private long _acc;

    public long Num { get; } = num > 0 && den > 0 ? num : throw new ArgumentException("flit rate must be positive");
    public long Den { get; } = den;
    public long Slots { get; private set; }

    /// <summary>Flit slots that end in this cycle.</summary>
    public int Tick()
    {
        _acc += Num;
        var n = _acc / Den;
        _acc -= n * Den;
        Slots += n;
        return (int)n;
    }
}
