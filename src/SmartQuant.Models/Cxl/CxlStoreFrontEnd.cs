using SmartQuant.Hdl.Simulation;

namespace SmartQuant.Models.Cxl;

public sealed partial class CxlStoreModel
{
    /// <summary>
    /// Front-end stages (RTL: hdm_stage_*, dec_*, alias_stage_*, div_stage_*, acc_*; docs/cxl-store.md, "Cycle contract"): the message is HDM-decoded
    /// as it enters the first stage and alias-decoded as it enters the third, each with the registers in force in that
    /// cycle (the RTL registers what it read there), and accepted or held in the last.
    /// </summary>
    private const int FrontStages = 5;

    /// <summary>One message in a front-end stage (or a bubble).</summary>
    private sealed record FrontMsg(bool Valid, bool Rwd, int Opcode, int Tag, int Ts, ulong[] Data, ulong Be, bool Poison, bool InRange, long Dpa, AliasHit Alias);

    private static readonly FrontMsg Bubble = new(false, false, 0, 0, 0, Line.New(), 0, false, false, 0, default);

    /// <summary>The accept stage's message.</summary>
    private FrontMsg Acc => _fe[FrontStages - 1];

    /// <summary>A stage moves on when it is empty or the stage after it moves (the last: when its message is accepted).</summary>
    private void AdvanceFrontEnd(Cycle d)
    {
        var next = d.Accept;
        for (var s = FrontStages - 1; s >= 0; s--) next = d.Advance[s] = !_fe[s].Valid || next;
        d.PopReq = d.PickReq && d.Advance[0];
        d.PopRwd = d.PickRwd && d.Advance[0];
        // the alias table's first stage reads the region registers in the cycle the message enters it
        if (d.Advance[2] && _fe[1].Valid) d.LookupAlias = Alias(_fe[1].Dpa);
    }

    /// <summary>Input FIFOs, arbitration and the front-end stages (RTL: req_in, rwd_in, prio_rwd, the stage registers).</summary>
    private void TickFrontEnd(Cycle d, PortValues i)
    {
        for (var s = FrontStages - 1; s > 2; s--) if (d.Advance[s]) _fe[s] = _fe[s - 1];
        if (d.Advance[2]) _fe[2] = _fe[1].Valid ? _fe[1] with { Alias = d.LookupAlias } : _fe[1];
        if (d.Advance[1]) _fe[1] = _fe[0];
        if (d.Advance[0])
        {
            if (d.PopReq || d.PopRwd)
            {
                var m = d.PopRwd ? _rwdIn.Head : _reqIn.Head;
                _fe[0] = new FrontMsg(true, d.PopRwd, m.Opcode, m.Tag, m.Ts, m.Data ?? Bubble.Data, m.Be, m.Poison, d.HdmInRange, d.HdmDpa, default);
            }
            else _fe[0] = Bubble;
        }
        if (d.PopReq) _prioRwd = true;
        else if (d.PopRwd) _prioRwd = false;
        // a popped entry's credit goes back to the host the next cycle (RTL: req_credit_return, rwd_credit_return)
        (_reqCredit, _rwdCredit) = (d.PopReq, d.PopRwd);

        // a message on a full buffer is dropped (and counted as a credit overrun): nothing downstream sees it
        var reqPush = i[_p.Req.Valid] != 0 && d.ReqReady;
        var rwdPush = i[_p.Rwd.Valid] != 0 && d.RwdReady;
        _reqIn.Step(reqPush, reqPush ? new M2SMessage((int)i[_p.Req.Opcode], (int)i[_p.Req.Tag], (long)(i[_p.Req.Addr] >> 1), _now, null, 0) : default, d.PopReq);
        _rwdIn.Step(rwdPush, rwdPush ? new M2SMessage((int)i[_p.Rwd.Opcode], (int)i[_p.Rwd.Tag], (long)i[_p.Rwd.Addr], 0, i.GetWide(_p.Rwd.Data).ToArray(), i[_p.Rwd.ByteEnable], i[_p.Rwd.Poison] != 0) : default, d.PopRwd);
    }
}
