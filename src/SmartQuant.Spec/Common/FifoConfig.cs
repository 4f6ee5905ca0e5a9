using System.Runtime.CompilerServices;
using System.Numerics;
using SmartQuant.Hdl;

namespace SmartQuant.Hw.Common;

/// <summary>Parameters of the synchronous FIFO (design "fifo", hw/ Fifo).</summary>
public sealed record FifoConfig : DesignConfig
{
    /// <summary>The one way to make a FifoConfig: every parameter named, each with its default; the rules of
    /// <see cref="Check"/> run here, so an invalid config never exists (<see cref="DesignConfig"/>).</summary>
    public FifoConfig(int depth = 16, int width = 32,
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        Depth = depth;
        Width = width;
        CheckAt(file, line);
    }

    /// <summary>Entries (power of two, 2..65536).</summary>
    public int Depth { get; }
    /// <summary>Bits per entry.</summary>
    public int Width { get; }

    public int PointerWidth => BitOperations.Log2((uint)Depth) + 1;

    protected override void Check()
    {
        RequirePowerOfTwo(Depth, 2, 65536);
        RequireRange(Width, 1, 4096);
    }
}
