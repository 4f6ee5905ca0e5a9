using System.Reflection;

namespace SmartQuant.Hdl;

/// <summary>
/// A group of signals that travel together (a valid/ready channel, a request record). A module member holding a
/// bundle names each signal "member_field"; arrays of bundles add the index: "lanes_3_valid".
/// </summary>
/// <remarks>
/// A bundle declares its fields once, as one side sees them; the other side is the same class <em>flipped</em>: build
/// the fields with <see cref="Forward"/> (output of the producer, input of the consumer) and <see cref="Backward"/>
/// (the other way, e.g. ready), and construct with <c>flipped: true</c> for the consumer. <see cref="Connect"/> joins
/// two bundles of one type field by field, each in its direction; <see cref="Pack"/>/<see cref="Unpack"/> carry the
/// fields as one vector.
/// </remarks>
public abstract class Bundle
{
    private readonly Module? _owner;

    /// <summary>A bundle whose fields its constructor declares with <c>m.In()</c>/<c>m.Out()</c> itself.</summary>
    protected Bundle() { }

    /// <summary>A bundle whose fields are declared on <paramref name="owner"/> through <see cref="Forward"/>/<see cref="Backward"/>.</summary>
    protected Bundle(Module owner, bool flipped)
    {
        _owner = owner;
        Flipped = flipped;
    }

    /// <summary>True for the consumer's side: forward fields are inputs, backward fields outputs.</summary>
    public bool Flipped { get; }

    private Module Owner => _owner ?? throw new HdlException($"{GetType().Name}: Forward/Backward need the Bundle(owner, flipped) constructor");

    /// <summary>A field that flows from producer to consumer: an output, or an input when flipped.</summary>
    protected Signal Forward(int width = 1, bool signed = false, [System.Runtime.CompilerServices.CallerFilePath] string file = "", [System.Runtime.CompilerServices.CallerLineNumber] int line = 0)
        => Flipped ? Owner.In(width, signed, file, line) : Owner.Out(width, signed, file, line);

    /// <summary>A field that flows from consumer to producer (e.g. ready): an input, or an output when flipped.</summary>
    protected Signal Backward(int width = 1, bool signed = false, [System.Runtime.CompilerServices.CallerFilePath] string file = "", [System.Runtime.CompilerServices.CallerLineNumber] int line = 0)
        => Flipped ? Owner.Out(width, signed, file, line) : Owner.In(width, signed, file, line);

    /// <summary>The bundle's signal fields in declaration order.</summary>
    public IReadOnlyList<Signal> Fields => [.. GetType().GetFields(BindingFlags.Instance | BindingFlags.Public)
        .Where(f => f.FieldType == typeof(Signal)).OrderBy(f => f.MetadataToken).Select(f => (Signal)f.GetValue(this)!)];

    /// <summary>The fields as one vector, the first field in the least significant bits (<see cref="Packing"/>).</summary>
    public Expr Pack() => Packing.Of([.. Fields]).Packed;

    /// <summary>Drives every field from its slice of <paramref name="packed"/> (laid out as <see cref="Pack"/>).</summary>
    public void Unpack(Expr packed, [System.Runtime.CompilerServices.CallerFilePath] string file = "", [System.Runtime.CompilerServices.CallerLineNumber] int line = 0)
    {
        var fields = Fields;
        var parts = Packing.Of([.. fields]).Unpack(packed);
        for (var i = 0; i < fields.Count; i++) fields[i].Assign(parts[i], file, line);
    }

    /// <summary>
    /// Joins <paramref name="a"/> and <paramref name="b"/> (the same bundle type) field by field: each field is driven
    /// from the side that produces it — an input of the module that connects, or an output of one of its instances —
    /// so a producer, its flipped consumer, a parent's ports and an instance's ports all connect with one call.
    /// </summary>
    public static void Connect(Bundle a, Bundle b, [System.Runtime.CompilerServices.CallerFilePath] string file = "", [System.Runtime.CompilerServices.CallerLineNumber] int line = 0)
    {
        if (a.GetType() != b.GetType())
            throw new HdlException($"cannot connect a {a.GetType().Name} to a {b.GetType().Name}");
        var (fa, fb) = (a.Fields, b.Fields);
        for (var i = 0; i < fa.Count; i++)
        {
            var (x, y) = (fa[i], fb[i]);
            var at = Connector(x, y);
            bool xSink = IsSink(x, at), ySink = IsSink(y, at);
            if (xSink && !ySink) x.Assign(y, file, line);
            else if (ySink && !xSink) y.Assign(x, file, line);
            else throw new HdlException($"{a.GetType().Name} field {i}: cannot tell which of '{x.DisplayName}' and '{y.DisplayName}' drives the other");
        }
    }

    /// <summary>The module in which the connection is made: the common owner, the parent of an instance's port, or the parent of two sibling instances.</summary>
    private static Module Connector(Signal x, Signal y) =>
        x.Owner == y.Owner ? x.Owner
        : x.Owner.Parent == y.Owner ? y.Owner
        : y.Owner.Parent == x.Owner ? x.Owner
        : x.Owner.Parent is { } p && p == y.Owner.Parent ? p
        : throw new HdlException($"'{x.DisplayName}' and '{y.DisplayName}' are not in one module, a module and its instance, or two sibling instances");

    /// <summary>Whether <paramref name="s"/> takes a value in <paramref name="at"/>: its own outputs and wires, or its instances' inputs.</summary>
    private static bool IsSink(Signal s, Module at) =>
        s.Owner == at ? s.Kind is SignalKind.Output or SignalKind.Wire : s.Kind == SignalKind.Input;
}
