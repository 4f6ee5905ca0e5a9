using SmartQuant.Hdl.Ir;

namespace SmartQuant.Hdl.Simulation;

/// <summary>One top-level port in a packed buffer: <see cref="Words"/> 64-bit words starting at <see cref="Offset"/>.</summary>
public sealed record PortSlot(string Name, int Width, bool Signed, int Offset, SourceLocation Location)
{
    public int Words => (Width + 63) / 64;
    /// <summary>Mask of the valid bits in the top word.</summary>
    public ulong TopMask => Width % 64 == 0 ? ulong.MaxValue : (1UL << (Width % 64)) - 1;
}

/// <summary>One port of a top module as an interface specification lists it (no module needed): see
/// <see cref="PortMap(string, IEnumerable{PortDecl}, bool)"/>.</summary>
public sealed record PortDecl(string Name, int Width, bool IsInput, bool Signed = false);

/// <summary>
/// The packed layout of a top module's inputs and outputs, derived from the IR: the C# side (golden model, drivers,
/// native shim) addresses ports through it, never by hand-written offsets. Inputs and outputs each form one
/// buffer of 64-bit words, ports in declaration order, wide ports little-endian by word. Clock and reset are
/// driven by the engine and are not in the buffers. Ports are found through the top's own signals
/// (<c>map[top.ActIn[r]]</c>) or a specification's declarations, never through a name string outside the engine.
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

    /// <summary>The elaborated top module this map is bound to (<see cref="BoundTo"/>); null = ports by name only.</summary>
    public Module? Top { get; private init; }

    public PortMap(IrModule top)
    {
        TopName = top.Name;
        HasClock = top.HasClock;
        (Inputs, InputWords) = Layout(top.Inputs.Where(p => !p.IsClockOrReset).Select(p => (p.Name, p.Width, p.Signed, p.Location)));
        (Outputs, OutputWords) = Layout(top.Outputs.Select(p => (p.Name, p.Width, p.Signed, p.Location)));
        _byName = Inputs.Concat(Outputs).ToDictionary(p => p.Name);
    }

    /// <summary>
    /// The layout from an interface specification instead of an elaborated module, for golden models run on their
    /// own (experiments without RTL). Same packing as from the IR; a test pins it to the elaborated module's map.
    /// </summary>
    public PortMap(string topName, IEnumerable<PortDecl> ports, bool hasClock = true)
    {
        TopName = topName;
        HasClock = hasClock;
        var list = ports.ToList();
        (Inputs, InputWords) = Layout(list.Where(p => p.IsInput).Select(p => (p.Name, p.Width, p.Signed, SourceLocation.Unknown)));
        (Outputs, OutputWords) = Layout(list.Where(p => !p.IsInput).Select(p => (p.Name, p.Width, p.Signed, SourceLocation.Unknown)));
        _byName = Inputs.Concat(Outputs).ToDictionary(p => p.Name);
    }

    private PortMap(PortMap layout, Module top)
    {
        (TopName, HasClock, Inputs, Outputs, InputWords, OutputWords, _byName) =
            (layout.TopName, layout.HasClock, layout.Inputs, layout.Outputs, layout.InputWords, layout.OutputWords, layout._byName);
        Top = top;
    }

    /// <summary>The same layout bound to <paramref name="top"/>, the module object that was elaborated into it.</summary>
    public PortMap BoundTo(Module top) => new(this, top);

    /// <summary>
    /// Lookup by name, for the engine's own binding code only (vector files and waveforms carry names): golden models,
    /// drivers and tests bind through a <see cref="Signal"/> or a <see cref="PortDecl"/>, so a rename is a compile
    /// error there. Internal on purpose; <c>PortBindingApiTests</c> fails if a public string-keyed lookup comes back.
    /// </summary>
    internal PortSlot ByName(string name) => _byName.TryGetValue(name, out var p) ? p
        : throw new HdlException($"top module '{TopName}' has no port '{name}' (ports: {string.Join(", ", _byName.Keys)})");

    /// <summary>
    /// The slot of a port an interface specification declares (the same <see cref="PortDecl"/> object this map was laid
    /// out from, or an equal one), for golden models run without RTL: the declaration is typed, so no name is rebuilt.
    /// </summary>
    public PortSlot this[PortDecl port]
    {
        get
        {
            var slot = ByName(port.Name);
            if (slot.Width != port.Width || slot.Signed != port.Signed || IsInput(slot) != port.IsInput)
                throw new HdlException($"port '{port.Name}' of '{TopName}' is declared {Describe(port.Width, port.Signed, port.IsInput)} but laid out {Describe(slot.Width, slot.Signed, IsInput(slot))}");
            return slot;
        }
    }

    private static string Describe(int width, bool signed, bool input) => $"a {width}-bit {(signed ? "signed " : "")}{(input ? "input" : "output")}";

    /// <summary>
    /// Typed port binding: the slot of one of the top module's own port signals (<c>map[mac.ActIn[r]]</c>), so golden
    /// models and drivers never rebuild port names from strings and a renamed C# field is a compile error. Resolve
    /// slots once (in a constructor), not per cycle.
    /// </summary>
    public PortSlot this[Signal port]
    {
        get
        {
            if (port.Kind is not (SignalKind.Input or SignalKind.Output))
                throw new HdlException($"'{port.DisplayName}' (declared at {port.Location.Short}) is a {port.Kind.ToString().ToLowerInvariant()}, not a port of '{TopName}'");
            if (Top is not null && !ReferenceEquals(port.Owner, Top))
                throw new HdlException($"port '{port.DisplayName}' (declared at {port.Location.Short}) belongs to another {port.Owner.GetType().Name} object than the top module co-simulated here");
            if (port.Name is null)
                throw new HdlException($"port declared at {port.Location.Short} is not elaborated yet: bind ports after the design is elaborated");
            return _byName.TryGetValue(port.Name, out var p) ? p
                : throw new HdlException($"'{port.Name}' (declared at {port.Location.Short}) is not a data port of top module '{TopName}' (clock and reset are driven by the engine)");
        }
    }

    /// <summary>The slots of a port array, in order (<c>map.Slots(mac.ActIn)</c>).</summary>
    public PortSlot[] Slots(IEnumerable<Signal> ports) => [.. ports.Select(p => this[p])];

    public bool IsInput(PortSlot p) => Inputs.Contains(p);

    public PortValues NewInputs() => new(this, Inputs, InputWords);
    public PortValues NewOutputs() => new(this, Outputs, OutputWords);

    private static (IReadOnlyList<PortSlot>, int) Layout(IEnumerable<(string Name, int Width, bool Signed, SourceLocation Location)> ports)
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
