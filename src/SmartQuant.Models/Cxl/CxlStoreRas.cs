using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Cxl;

namespace SmartQuant.Models.Cxl;

public sealed partial class CxlStoreModel
{
    // The RAS capability (RTL: RasCapability; docs/cxl-store.md, "RAS capability"): Receiver_Overflow status, the
    // masks and severity as written (defined bits only), the First_Error_Pointer and the header log.
    private bool _rasOverflow;
    private uint _rasMask, _rasSeverity, _rasCeMask;
    private int _rasFep;
    private ulong[] _rasLog = new ulong[CxlRas.HeaderLogWords];

    /// <summary>The RAS capability's register words (0x60–0x7F; past the structure 0).</summary>
    private long ReadRas(int addr)
    {
        var status = _rasOverflow ? 1UL << CxlRas.ReceiverOverflow : 0;
        var w = addr - CxlRas.Base;
        return (long)(w switch
        {
            0 => status | (ulong)_rasMask << 32,
            1 => (ulong)_rasSeverity,                                   // Correctable Error Status: nothing modelled, 0
            2 => (ulong)_rasCeMask | (ulong)_rasFep << 32,
            >= 3 and < 3 + CxlRas.HeaderLogWords => _rasLog[w - 3],
            _ => 0UL,
        });
    }

    private void ResetRas()
    {
        _rasOverflow = false;
        (_rasMask, _rasSeverity, _rasCeMask, _rasFep) = (CxlRas.MaskReset, CxlRas.SeverityReset, CxlRas.CorrectableMaskReset, 0);
        _rasLog = new ulong[CxlRas.HeaderLogWords];
    }

    /// <summary>
    /// The RAS capability at the clock edge: register writes, then this cycle's credit overruns. The pointed-to status
    /// bit is cleared first (a W1C re-arms the log in its own cycle) and an overrun sets it even while cleared; the
    /// mask in force is the one before the write; with both channels dropping a message, the Req message is logged.
    /// </summary>
    private void TickRas(Cycle d, PortValues i)
    {
        var (reqOverrun, rwdOverrun) = (d.ReqOverrun, d.RwdOverrun);
        var oldMask = _rasMask;
        var clear = false;
        if (i[_p.Regs.WrValid] != 0)
        {
            var data = i[_p.Regs.WrData];
            switch ((int)i[_p.Regs.WrAddr])
            {
                case CxlRas.UncorrectableWord:
                    clear = ((data >> CxlRas.ReceiverOverflow) & 1) != 0;
                    _rasMask = (uint)(data >> 32) & CxlRas.UncorrectableBits;
                    break;
                case CxlRas.SeverityWord: _rasSeverity = (uint)data & CxlRas.UncorrectableBits; break;
                case CxlRas.ControlWord: _rasCeMask = (uint)data & CxlRas.CorrectableBits; break;
            }
        }
        // the pointed-to status bit: only Receiver_Overflow can be set, so only a pointer of 11 can find one
        var pending = _rasFep == CxlRas.ReceiverOverflow && _rasOverflow && !clear;
        var overrun = reqOverrun || rwdOverrun;
        if (overrun && ((oldMask >> CxlRas.ReceiverOverflow) & 1) == 0 && !pending)
        {
            _rasFep = CxlRas.ReceiverOverflow;
            _rasLog = reqOverrun
                ? CxlRas.HeaderLog(false, (int)i[_p.Req.Opcode], (int)i[_p.Req.Tag], (long)(i[_p.Req.Addr] >> 1), _now, false, 0)
                : CxlRas.HeaderLog(true, (int)i[_p.Rwd.Opcode], (int)i[_p.Rwd.Tag], (long)i[_p.Rwd.Addr], _now, i[_p.Rwd.Poison] != 0, i[_p.Rwd.ByteEnable]);
        }
        _rasOverflow = overrun || (_rasOverflow && !clear);
    }
}
