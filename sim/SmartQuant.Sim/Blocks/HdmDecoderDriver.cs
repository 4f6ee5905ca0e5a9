using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Cxl;

namespace SmartQuant.Sim.Blocks;

/// <summary>
/// Random programming and traffic for one HDM decoder: every 64 cycles a new base, size and control (mostly legal
/// and committed, every IG and way count; sometimes illegal, de-committed or locked on commit), in between host lines
/// around the range (base + offsets of every length, the range's edges, anything), register reads of every address
/// and occasional stray writes; Advance high three cycles in four.
/// </summary>
public sealed class HdmDecoderDriver : IStimulusDriver
{
    private const ulong LineMask = (1UL << CxlStoreConfig.HpaLineBits) - 1;
    private static readonly int[] Ways = [0, 1, 2, 3, 4, 8, 9, 10];
    private readonly SimRandom _rng;
    private readonly PortSlot _wrValid, _wrAddr, _wrData, _hpa, _advance, _rdAddr;
    private ulong _base, _size;

    public HdmDecoderDriver(HdmDecoder hdm, PortMap map, ulong seed)
    {
        _rng = new SimRandom(seed);
        (_wrValid, _wrAddr, _wrData, _hpa, _advance, _rdAddr) =
            (map[hdm.Wr.Valid], map[hdm.Wr.Addr], map[hdm.Wr.Data], map[hdm.HpaLine], map[hdm.Advance], map[hdm.Rd.Addr]);
    }

    public void Drive(long cycle, PortValues inputs, PortValues outputs)
    {
        inputs[_wrValid] = 0;
        var phase = cycle % 64;
        if (phase == 0) (_base, _size) = (Shifted(LineMask), Shifted(LineMask >> 4));
        if (phase is 0 or 1 or 2) Write(phase switch { 0 => CxlRegisters.HdmBase, 1 => CxlRegisters.HdmSize, _ => CxlRegisters.HdmCtrl },
            phase switch { 0 => _base, 1 => _size, _ => Control() });
        else if (_rng.Chance(2)) Write(_rng.Below(4), _rng.Next() & LineMask);
        inputs[_hpa] = _rng.Below(8) switch
        {
            0 => _rng.Next() & LineMask,
            1 => (_base + _size - 1 + (ulong)_rng.Below(3)) & LineMask,
            2 => (_base - (ulong)_rng.Below(2)) & LineMask,
            _ => (_base + Shifted(LineMask)) & LineMask,
        };
        // Mostly advancing, sometimes held, so a held sample must keep its decode while registers change.
        inputs[_advance] = _rng.Below(4) == 0 ? 0UL : 1UL;
        inputs[_rdAddr] = _rng.Below(5) == 0 ? (ulong)_rng.Below(256) : (ulong)_rng.Below(3);

        void Write(int addr, ulong data) => (inputs[_wrValid], inputs[_wrAddr], inputs[_wrData]) = (1UL, (ulong)addr, data);
    }

    /// <summary>A random value of <paramref name="mask"/>'s width shifted right by 0 … 45 bits (offsets of every length).</summary>
    private ulong Shifted(ulong mask) => (_rng.Next() & mask) >> _rng.Below(CxlStoreConfig.HpaLineBits);

    private ulong Control()
    {
        var ig = _rng.Chance(90) ? _rng.Below(7) : _rng.Below(16);
        var iw = _rng.Chance(90) ? Ways[_rng.Below(Ways.Length)] : _rng.Below(16);
        // Lock On Commit freezes the decoder until reset: rare, so a run still sees many programmings.
        return CxlRegisters.HdmControl(ig, iw, commit: _rng.Chance(85), lockOnCommit: _rng.Below(400) == 0);
    }
}
