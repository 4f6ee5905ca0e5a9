namespace SmartQuant.Hdl;

/// <summary>
/// Several values carried as one vector (through a delay line, a FIFO, a memory word) and taken apart again, so
/// no caller writes bit offsets by hand. The first field sits in the least significant bits; <see cref="Unpack"/>
/// gives each field back with its own width and signedness.
/// </summary>
public sealed class Packing
{
    private readonly (int Lo, int Width, bool Signed)[] _fields;
    private readonly Expr[] _values;

    private Packing(Expr[] values)
    {
        if (values.Length == 0) throw new HdlException("a packing needs at least one field");
        _values = values;
        _fields = new (int, int, bool)[values.Length];
        var lo = 0;
        for (var i = 0; i < values.Length; i++)
        {
            _fields[i] = (lo, values[i].Width, values[i].Signed);
            lo += values[i].Width;
        }
        Width = lo;
    }

    /// <summary>The layout of <paramref name="fields"/>, first field in the least significant bits.</summary>
    public static Packing Of(params Expr[] fields) => new(fields);

    /// <summary>Total bits.</summary>
    public int Width { get; }

    /// <summary>The fields as one unsigned vector (the last field in the most significant bits).</summary>
    public Expr Packed => Logic.Cat(Enumerable.Reverse(_values));

    /// <summary>The fields of <paramref name="packed"/> (a vector of this layout), in declaration order.</summary>
    public Expr[] Unpack(Expr packed)
    {
        if (packed.Width != Width)
            throw new HdlException($"cannot unpack a {packed.Width}-bit value into a {Width}-bit packing of {_fields.Length} fields");
        return [.. _fields.Select(f =>
        {
            var bits = f.Width == 1 ? packed[f.Lo] : packed[f.Lo + f.Width - 1, f.Lo];
            return f.Signed ? bits.AsSigned() : bits;
        })];
    }
}
