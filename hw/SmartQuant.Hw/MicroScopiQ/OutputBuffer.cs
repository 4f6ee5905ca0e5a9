using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>
/// Two-entry output buffer between the array bottom and the output port. It exists so that out_ready reaches no
/// pipeline enable: the array advances while the buffer is not full (Full is a register bit), so a held output costs
/// the array nothing until a second result arrives. out_ready only moves the read pointer and the count; the entries
/// are written by the array (InValid, which the caller raises only while the array advances) at the write pointer and
/// never move, so their flip-flops' enables do not see out_ready either. One lane per register (no wide words).
/// Out data and bank are zero while OutValid is low.
/// </summary>
public sealed class OutputBuffer : Module
{
    public readonly Signal InValid, InBank, OutReady;
    public readonly Signal[] InData;
    public readonly Signal OutValid, OutBank, Full;
    public readonly Signal[] OutData;
    private readonly int _lanes, _width;

    public override string? Variant => $"l{_lanes}_w{_width}";

    public OutputBuffer(int lanes, int width)
    {
        _lanes = lanes; _width = width;
        InValid = In(); InBank = In(); OutReady = In();
        InData = [.. Enumerable.Range(0, lanes).Select(_ => In(width, signed: true))];
        OutValid = Out(); OutBank = Out(); Full = Out();
        OutData = [.. Enumerable.Range(0, lanes).Select(_ => Out(width, signed: true))];

        var count = Reg(2);       // 0, 1 or 2 results held
        var wr = Reg().Named("write_slot"); var rd = Reg().Named("read_slot");
        var bank = new[] { Reg(), Reg() };
        var data = new Signal[2, lanes];
        for (var s = 0; s < 2; s++)
            for (var j = 0; j < lanes; j++) data[s, j] = Reg(width, signed: true).Named($"slot_{s}_lane_{j}");
        var valid = count.Ne(0);
        var pop = valid & OutReady;
        for (var s = 0; s < 2; s++)
        {
            var slot = s;
            When(InValid & (slot == 1 ? wr : ~wr), () =>
            {
                bank[slot].Assign(InBank);
                for (var j = 0; j < lanes; j++) data[slot, j].Assign(InData[j]);
            });
        }
        wr.Assign(wr ^ InValid);
        rd.Assign(rd ^ pop);
        count.Assign(count.AddWrap(InValid.Extend(2)).SubWrap(pop.Extend(2)));
        Full.Assign(count[1]);
        OutValid.Assign(valid);
        OutBank.Assign(valid & Logic.Mux(rd, bank[1], bank[0]));
        var zero = Logic.Lit(0, width, signed: true);
        for (var j = 0; j < lanes; j++) OutData[j].Assign(Logic.Mux(valid, Logic.Mux(rd, data[1, j], data[0, j]), zero));
    }
}
