using System.Numerics;

namespace SmartQuant.Hdl.Simulation;

/// <summary>
/// Values of one direction's ports for one cycle, in the packed layout of a <see cref="PortMap"/>. Writes are
/// checked: a value that does not fit its port is an error, never silently truncated.
/// </summary>
public sealed class PortValues
{
    public PortMap Map { get; }
    public IReadOnlyList<PortSlot> Slots { get; }
    /// <summary>The packed words (shared with the native shim in lockstep runs).</summary>
    public ulong[] Words { get; }

    internal PortValues(PortMap map, IReadOnlyList<PortSlot> slots, int words)
    {
        Map = map;
        Slots = slots;
        Words = new ulong[Math.Max(words, 1)];
    }

    /// <summary>Raw bits of a port of at most 64 bits.</summary>
    public ulong this[PortSlot p]
    {
        get => Words[p.Offset];
        set
        {
            if (p.Words != 1) throw new HdlException($"port '{p.Name}' is {p.Width} bits; use SetWide/GetWide");
            if ((value & ~p.TopMask) != 0) throw new HdlException($"value 0x{value:x} does not fit {p.Width}-bit port '{p.Name}'");
            Words[p.Offset] = value;
        }
    }

    /// <summary>Signed view of a port of at most 64 bits (sign-extended from its width).</summary>
    public long GetSigned(PortSlot p)
    {
        var raw = Words[p.Offset];
        var shift = 64 - p.Width;
        return shift == 0 ? (long)raw : (long)(raw << shift) >> shift;
    }

    /// <summary>Sets a signed value (two's complement at the port's width); it must fit.</summary>
    public void SetSigned(PortSlot p, long value)
    {
        if (p.Width < 64)
        {
            var min = -(1L << (p.Width - 1));
            var max = (1L << (p.Width - 1)) - 1;
            if (value < min || value > max) throw new HdlException($"value {value} does not fit signed {p.Width}-bit port '{p.Name}'");
        }
        Words[p.Offset] = (ulong)value & p.TopMask;
    }

    public ReadOnlySpan<ulong> GetWide(PortSlot p) => Words.AsSpan(p.Offset, p.Words);

    public void SetWide(PortSlot p, ReadOnlySpan<ulong> value)
    {
        if (value.Length != p.Words) throw new HdlException($"port '{p.Name}' takes {p.Words} words, got {value.Length}");
        if ((value[^1] & ~p.TopMask) != 0) throw new HdlException($"value does not fit {p.Width}-bit port '{p.Name}'");
        value.CopyTo(Words.AsSpan(p.Offset, p.Words));
    }

    /// <summary>The port's bits as an unsigned big integer (for reports).</summary>
    public BigInteger GetBig(PortSlot p)
    {
        var result = BigInteger.Zero;
        for (var i = p.Words - 1; i >= 0; i--) result = (result << 64) | Words[p.Offset + i];
        return result;
    }

    public void Clear() => Array.Clear(Words);
    public void CopyFrom(PortValues other) => other.Words.CopyTo(Words, 0);
}
