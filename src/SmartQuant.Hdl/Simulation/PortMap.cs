using SmartQuant.Hdl.Ir;

namespace SmartQuant.Hdl.Simulation;

/// <summary>One top-level port in a packed buffer: <see cref="Words"/> 64-bit words starting at <see cref="Offset"/>.</summary>
public sealed record PortSlot(string Name, int Width, bool Signed, int Offset, SourceLocation Location)
{
    public int Words => (Width + 63) / 64;
    /// <summary>Mask of the valid bits in the top word.</summary>
    public ulong TopMask => Width % 64 == 0 ? ulong.MaxValue : (1UL << (Width % 64)) - 1;
}

/// <summary>
/// The packed layout of a top module's inputs and outputs, derived from the IR: the C# side (golden model, drivers,
/// native shim) addresses ports by name through it, never by hand-written offsets. Inputs and outputs each form one
/// buffer of 64-bit words, ports in declaration order, wide ports little-endian by word. Clock and reset are
/// driven by the engine and are not in the buffers.
/// </summary>
public sealed class PortMap
{
    public string TopName { get; }
    public IReadOnlyList<PortSlot> Inputs { get; }
    public IReadOnlyList<PortSlot> Outputs { get; }
    public int InputWords { get; }
    public int OutputWords { get; }
    public bool HasClock { get; }
    private readonly Dictionary<string, PortSlot> _byName;

    public PortMap(IrModule top)
    {
        TopName = top.Name;
        HasClock = top.HasClock;
        (Inputs, InputWords) = Layout(top.Inputs.Where(p => !p.IsClockOrReset));
        (Outputs, OutputWords) = Layout(top.Outputs);
        _byName = Inputs.Concat(Outputs).ToDictionary(p => p.Name);
    }

    public PortSlot this[string name] => _byName.TryGetValue(name, out var p) ? p
        : throw new HdlException($"top module '{TopName}' has no port '{name}' (ports: {string.Join(", ", _byName.Keys)})");

    public bool IsInput(PortSlot p) => Inputs.Contains(p);

    public PortValues NewInputs() => new(this, Inputs, InputWords);
    public PortValues NewOutputs() => new(this, Outputs, OutputWords);

    private static (IReadOnlyList<PortSlot>, int) Layout(IEnumerable<IrSignal> ports)
    {
        var list = new List<PortSlot>();
        var offset = 0;
        foreach (var p in ports)
        {
            var slot = new PortSlot(p.Name, p.Width, p.Signed, offset, p.Location);
            list.Add(slot);
            offset += slot.Words;
        }
        return (list, offset);
    }
}
