using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>
/// The storage of the <see cref="CorrectionChain"/>: one word (Lanes × AW bits) per token slot, G write ports (one per
/// shared ReCoN unit) and G + 1 read ports (each unit's read-modify-write, the array bottom). Nothing but the memory,
/// so the area flow can count it as a RAM macro (<c>AreaModel</c>: bit cells plus per-port periphery) instead of
/// the flip-flops and read multiplexers a generic synth makes of it; every read address is a register in the parent,
/// the form synthesis turns into synchronous read ports.
/// </summary>
public sealed class CorrectionRam : Module
{
    public readonly Signal[] WriteEnable, WriteAddress, WriteData, ReadAddress, ReadData;
    private readonly int _depth, _width, _units;

    public override string? Variant => $"d{_depth}_w{_width}_g{_units}";

    /// <param name="units">Write ports; read ports are units + 1 (the last one is the array bottom's).</param>
    public CorrectionRam(int depth, int width, int units)
    {
        _depth = depth; _width = width; _units = units;
        int ab = Logic.Log2Ceil(depth);
        WriteEnable = [.. Enumerable.Range(0, units).Select(_ => In())];
        WriteAddress = [.. Enumerable.Range(0, units).Select(_ => In(ab))];
        WriteData = [.. Enumerable.Range(0, units).Select(_ => In(width))];
        ReadAddress = [.. Enumerable.Range(0, units + 1).Select(_ => In(ab))];
        ReadData = [.. Enumerable.Range(0, units + 1).Select(_ => Out(width))];

        var words = Mem(depth, width);
        for (var k = 0; k < units; k++)
        {
            var port = k;
            When(WriteEnable[port], () => words.Write(WriteAddress[port], WriteData[port]));
        }
        for (var k = 0; k <= units; k++) ReadData[k].Assign(words.Read(ReadAddress[k]));
    }
}
