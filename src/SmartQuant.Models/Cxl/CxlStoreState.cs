using SmartQuant.Hw.Cxl;

namespace SmartQuant.Models.Cxl;

/// <summary>
/// One block-buffer sub-entry of the golden model (half of an entry's plane memories; a block of more than 4 planes
/// takes the even sub-entry and the whole entry). <see cref="Slots"/> are the plane memory words it reads: plane p of
/// sub-entry 2e+h is memory p + 4h, word e (shared with the other half's arrays).
/// </summary>
internal sealed class BufferEntry(ulong[][] slots)
{
    public bool Valid;
    public long Phys;
    public int K, Format, Planes, Remaining;
    public bool Round;
    /// <summary>Lines of the block served since it was allocated (bit per line).</summary>
    public int Used;
    public readonly bool[] Pend = new bool[8];
    public readonly int[] PendTag = new int[8];
    public readonly int[] PendTs = new int[8];
    public readonly ulong[][] Slots = slots;
    /// <summary>The block's line-poison mask: the OR of its plane bursts' metadata (docs/cxl-store.md, "Poison").</summary>
    public int Poison;
    public bool AnyPend => Pend.Any(p => p);
    public bool Busy => Remaining != 0 || AnyPend;
    public bool Wide => Planes > CxlStoreConfig.HalfPlanes;
    /// <summary>The block's lines: PACKED k has k, PADDED (and passthrough) 8.</summary>
    private int LineMask => Format == (int)RegionFormat.Packed ? (K >= 8 ? 0xFF : (1 << K) - 1) : 0xFF;
    private int PendMask { get { var m = 0; for (var l = 0; l < 8; l++) if (Pend[l]) m |= 1 << l; return m; } }
    /// <summary>Nothing left to serve: invalid, or every line of the block served.</summary>
    public bool Dead => !Valid || ((Used | ~LineMask) & 0xFF) == 0xFF;
    /// <summary>Busy, and every line not yet served is pending: dead once those are served.</summary>
    public bool Dying => Busy && ((Used | PendMask | ~LineMask) & 0xFF) == 0xFF;
}

/// <summary>A ring buffer with the same visible behaviour as the kit's Fifo (output = word at the read pointer).</summary>
internal sealed class Ring<T>(int depth)
{
    private readonly T[] _words = new T[depth];
    private int _read, _count;
    public int Count => _count;
    public bool Full => _count == depth;
    public T Head => _words[_read];
    public void Step(bool push, T value, bool pop)
    {
        var doPush = push && !Full;
        var doPop = pop && _count > 0;
        if (doPush) _words[(_read + _count) % depth] = value;
        if (doPop) _read = (_read + 1) % depth;
        _count += (doPush ? 1 : 0) - (doPop ? 1 : 0);
    }
}

/// <summary>One M2S message in an input FIFO: Req {opcode, tag, HPA line, arrival time} or RwD {opcode, tag, HPA line,
/// data, byte enables, Poison}.</summary>
internal readonly record struct M2SMessage(int Opcode, int Tag, long Hpa, int Ts, ulong[]? Data, ulong Be, bool Poison = false);

/// <summary>One stage of the serve pipeline: the served sub-entry and line, the request's tag and arrival time, and
/// (second stage) the gathered line. Poison: the entry's line-poison mask (first stage), 1 when the line carries a
/// poisoned host line's weights (second stage).</summary>
internal sealed record ServeStage(bool Valid, int Sub, int Line, int Tag, int Ts, ulong[]? Data, int Poison = 0)
{
    public static ServeStage Empty { get; } = new(false, 0, 0, 0, 0, null);
}
