namespace SmartQuant.Models.Cxl;

/// <summary>
/// One write-combining buffer of the golden model (RTL: WritePath, combiner c): the host lines of one block collected
/// as 8 plane chunks of 64 weights each, with the tag of every line. State: collecting (0), flushing (1, owns the
/// flush engine), completing (2, its Cmps drain to the NDR queue).
/// </summary>
internal sealed class WriteCombiner
{
    public const int Collect = 0, Flush = 1, Complete = 2;
    public int State, Mask, Idle;
    public long Phys;
    public readonly int[] Tags = new int[8];
    /// <summary>Byte enables of every present line (bit w: weight w was written; all ones for a MemWr).</summary>
    public readonly ulong[] Be = new ulong[8];
    /// <summary>Lines written with RwD Poison (bit per line).</summary>
    public int Poison;
    /// <summary>Chunk [plane slot, line]: bit w is bit 7 − slot of weight w of host line `line`.</summary>
    public readonly ulong[,] Chunks = new ulong[8, 8];
    public bool Collecting => State == Collect;
    public bool NonEmpty => Mask != 0;
    /// <summary>Every byte of every line written: the block is flushed without reading it.</summary>
    public bool Full => Mask == 0xFF && Array.TrueForAll(Be, b => b == ulong.MaxValue);
    /// <summary>The merge mask of line <paramref name="l"/>: its written bytes, none when the line is absent.</summary>
    public ulong Written(int l) => ((Mask >> l) & 1) != 0 ? Be[l] : 0;
    /// <summary>The lowest line still owed a Cmp (the RTL's priority encoder; 7 when none).</summary>
    public int CmpLine
    {
        get
        {
            for (var l = 0; l < 8; l++) if (((Mask >> l) & 1) != 0) return l;
            return 7;
        }
    }

    public void Clear()
    {
        State = Mask = Idle = 0;
        Phys = 0;
        Array.Clear(Tags);
        Array.Clear(Be);
        Poison = 0;
        Array.Clear(Chunks);
    }
}
