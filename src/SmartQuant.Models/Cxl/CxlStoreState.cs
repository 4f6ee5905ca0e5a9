namespace SmartQuant.Models.Cxl;

/// <summary>One block-buffer entry of the golden model.</summary>
internal sealed class BufferEntry
{
    public bool Valid;
    public long Phys;
    public int K, Format, Planes, Remaining;
    public bool Round;
    public readonly bool[] Pend = new bool[8];
    public readonly int[] PendTag = new int[8];
    public readonly int[] PendTs = new int[8];
    public readonly ulong[][] Slots = [.. Enumerable.Range(0, 8).Select(_ => Line.New())];
    public bool AnyPend => Pend.Any(p => p);
    public bool Busy => Remaining != 0 || AnyPend;
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

/// <summary>One M2S message in an input FIFO: Req {opcode, tag, HPA line, arrival time} or RwD {opcode, tag, HPA line, data}.</summary>
internal readonly record struct M2SMessage(int Opcode, int Tag, long Hpa, int Ts, ulong[]? Data);
