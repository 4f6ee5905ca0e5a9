using SmartQuant.Hdl;

namespace SmartQuant.Hw.Cxl;

/// <summary>
/// One stage register of the cxl-store front-end pipeline (docs/cxl-store.md, "Cycle contract"): the M2S message as it
/// moves from the input FIFOs through the HDM decoder and the alias table to the accept stage. Req messages use the
/// arrival time, RwD messages the data, byte enables and Poison bit; the fields ride along for either so every stage is one set of
/// registers.
/// </summary>
internal sealed class FrontStage
{
    public readonly Signal Valid, Rwd, Opcode, Tag, Ts, Data, Be, Poison, InRange;
    private readonly Module _m;

    public FrontStage(Module m, string prefix)
    {
        _m = m;
        Valid = m.Reg().Named($"{prefix}_valid");
        Rwd = m.Reg().Named($"{prefix}_rwd");
        Opcode = m.Reg(4).Named($"{prefix}_opcode");
        Tag = m.Reg(CxlStoreConfig.TagBits).Named($"{prefix}_tag");
        Ts = m.Reg(CxlStoreConfig.TimestampBits).Named($"{prefix}_ts");
        Data = m.Reg(CxlStoreConfig.LineBits).Named($"{prefix}_data");
        Be = m.Reg(CxlStoreConfig.LineBytes).Named($"{prefix}_be");
        Poison = m.Reg().Named($"{prefix}_poison");
        InRange = m.Reg().Named($"{prefix}_in_range");
    }

    /// <summary>When <paramref name="advance"/>: take the given message (valid or a bubble).</summary>
    public void Load(Expr advance, Expr valid, Expr rwd, Expr opcode, Expr tag, Expr ts, Expr data, Expr be, Expr poison, Expr inRange)
    {
        _m.When(advance, () =>
        {
            Valid.Assign(valid);
            Rwd.Assign(rwd);
            Opcode.Assign(opcode);
            Tag.Assign(tag);
            Ts.Assign(ts);
            Data.Assign(data);
            Be.Assign(be);
            Poison.Assign(poison);
            InRange.Assign(inRange);
        });
    }

    /// <summary>When <paramref name="advance"/>: take the previous stage's message, with its in-range bit replaced.</summary>
    public void LoadFrom(Expr advance, FrontStage prev, Expr inRange) =>
        Load(advance, prev.Valid, prev.Rwd, prev.Opcode, prev.Tag, prev.Ts, prev.Data, prev.Be, prev.Poison, inRange);
}
