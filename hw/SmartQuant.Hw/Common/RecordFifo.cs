using System.Runtime.CompilerServices;
using SmartQuant.Hdl;

namespace SmartQuant.Hw.Common;

/// <summary>
/// The kit's <see cref="Fifo"/> carrying a record of fields instead of a hand-packed word: the producer lists the fields
/// once (laid out by <see cref="Packing"/>, the first field in the least significant bits) and the consumer gets them
/// back from <see cref="Head"/> with their own widths, so no caller writes a concatenation or a bit offset.
/// Handshakes stay on <see cref="Queue"/> (InValid/InReady, OutValid/OutReady).
/// </summary>
public sealed class RecordFifo
{
    /// <summary>The FIFO instance (word width = the record's width).</summary>
    public readonly Fifo Queue;

    /// <summary>The fields of the word at the head, in the order they were given.</summary>
    public readonly Expr[] Head;

    /// <summary>Instantiates a <paramref name="depth"/>-entry FIFO named <paramref name="name"/> in <paramref name="parent"/> whose
    /// input word is <paramref name="fields"/>.</summary>
    public RecordFifo(Module parent, string name, int depth, Expr[] fields, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var layout = Packing.Of(fields);
        Queue = parent.Instance(new Fifo(new FifoConfig(depth: depth, width: layout.Width)), name, file, line);
        Queue.InData.Assign(layout.Packed, file, line);
        Head = layout.Unpack(Queue.OutData);
    }
}
