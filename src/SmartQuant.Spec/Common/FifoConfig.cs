using System.Numerics;
using SmartQuant.Hdl;

namespace SmartQuant.Hw.Common;

/// <summary>Parameters of the synchronous FIFO (design "fifo", hw/ Fifo).</summary>
public sealed record FifoConfig : DesignConfig
{
    /// <summary>Entries (power of two, 2..65536).</summary>
    public int Depth { get; init; } = 16;
    /// <summary>Bits per entry.</summary>
    public int Width { get; init; } = 32;

    public int PointerWidth => BitOperations.Log2((uint)Depth) + 1;

    protected override void Check()
    {
        RequirePowerOfTwo(Depth, 2, 65536);
        RequireRange(Width, 1, 4096);
    }
}
