using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Cxl;
using SmartQuant.Models.Dram;

namespace SmartQuant.Models.Cxl.Link;

/// <summary>
/// Host ‖ link ‖ cxl-store device ‖ DRAM, one device cycle per <see cref="Step"/> (docs/cxl-link.md, "Cycle"):
/// <list type="number">
/// <item>flits that arrive in this cycle are delivered (M2S messages into the device's receive buffers, S2M
/// messages to the host, credit returns to both transmitters);</item>
/// <item>the host hands new messages to the link;</item>
/// <item>the device (golden model or RTL, any <see cref="ICycleModel"/>) runs one cycle on its <see cref="CxlBench"/>.
/// Its ports are credit-based too (docs/cxl-store.md, "Credits"): the device's link layer forwards the head of a
/// receive buffer while it holds a credit of the port's input buffer (M2sCredits at reset, back on m2s_*_credit_return),
/// which frees the link-layer entry (its credit goes back over the link); an S2M message the port sends (it holds
/// S2mCredits port credits at reset) enters the link layer's transmit queue of that many entries, leaves it when the
/// link holds a credit of the host's, and its port credit returns on s2m_*_credit_return the next cycle;</item>
/// <item>both directions pack this cycle's flit slots.</item>
/// </list>
/// The device clock comes from the DRAM configuration (controller cycle = ClockRatio nCK).
/// </summary>
public sealed class LinkBench
{
    private readonly CxlStorePorts _p;
    // the link layer's side of the device ports: credits it holds for the input buffers, its S2M transmit queues
    private int _reqPort, _rwdPort;
    private readonly Queue<LinkMessage> _drsTx = new(), _ndrTx = new();
    private bool _drsReturn, _ndrReturn, _reqShown, _rwdShown;

    public LinkBench(CxlBench bench, LinkConfig? link = null)
    {
        Bench = bench;
        _p = bench.P;
        var cfg = (bench.Dut as CxlStoreModel)?.Config ?? throw new ArgumentException("LinkBench drives a CxlStoreModel bench (its port credits come from the model's configuration)");
        _reqPort = _rwdPort = cfg.M2sCredits;
        var dram = bench.Dram.Config;
        var deviceKHz = (long)Math.Round(dram.Timing.ClockMHz * 1000 / dram.ClockRatio);
        Link = new CxlLink(link ?? LinkConfig.X16, dram.ControllerCycleNs, deviceKHz);
        Host = new LinkHost(Link.Config);
        Driver = new CxlHostDriver(bench);
    }

    public CxlBench Bench { get; }
    public CxlLink Link { get; }
    public LinkHost Host { get; }
    /// <summary>Programs registers (HDM decoder, regions) directly, before traffic starts.</summary>
    public CxlHostDriver Driver { get; }
    public long Cycle => Bench.Cycle;
    /// <summary>Device cycles in which a DRS / NDR waited in the device's transmit queue for a credit of the host's.</summary>
    public long DrsCreditStalls { get; private set; }
    public long NdrCreditStalls { get; private set; }

    public void Step()
    {
        var now = Bench.Cycle;
        Link.Deliver(now, m => Host.Receive(m, now));
        Host.Issue(now, Link);
        Bench.Step(Drive, Observe);
        Link.Transmit(now);
    }

    /// <summary>Runs until every host transaction has its response (the last cycle run is the one it arrived in).</summary>
    public void Run(long maxCycles = 50_000_000) => RunWhile(() => !Host.Idle, maxCycles);

    /// <summary>Runs on until the link is empty too: the last credits are back with their transmitters.</summary>
    public void Drain(long maxCycles = 1_000_000) => RunWhile(() => !(Host.Idle && Link.Idle && _drsTx.Count == 0 && _ndrTx.Count == 0), maxCycles);

    private void RunWhile(Func<bool> busy, long maxCycles)
    {
        var start = Bench.Cycle;
        while (busy())
        {
            if (Bench.Cycle - start > maxCycles) throw new TimeoutException($"link traffic did not complete in {maxCycles} cycles ({Host.Outstanding} outstanding)");
            Step();
        }
    }

    private void Drive(PortValues i)
    {
        var p = _p;
        var req = _reqPort > 0 ? Link.DeviceReqHead : null;
        _reqShown = req is not null;
        i[p.Req.Valid] = req is null ? 0UL : 1;
        i[p.Req.Opcode] = req is null ? 0UL : (ulong)req.Opcode;
        i[p.Req.Tag] = req is null ? 0UL : (ulong)req.Tag;
        i[p.Req.Addr] = req is null ? 0UL : (ulong)req.Addr << 1; // Addr[51:5]; bit 5 zero
        i[p.Req.SnpType] = 0;
        i[p.Req.MetaField] = req is null ? 0UL : CxlOpcodes.MetaFieldNoOp;
        var rwd = _rwdPort > 0 ? Link.DeviceRwdHead : null;
        _rwdShown = rwd is not null;
        i[p.Rwd.Valid] = rwd is null ? 0UL : 1;
        i[p.Rwd.Opcode] = rwd is null ? 0UL : (ulong)rwd.Opcode;
        i[p.Rwd.Tag] = rwd is null ? 0UL : (ulong)rwd.Tag;
        i[p.Rwd.Addr] = rwd is null ? 0UL : (ulong)rwd.Addr;
        i[p.Rwd.MetaField] = rwd is null ? 0UL : CxlOpcodes.MetaFieldNoOp;
        i.SetWide(p.Rwd.Data, rwd?.Data ?? Line.Zero);
        i[p.Drs.CreditReturn] = _drsReturn ? 1UL : 0;
        i[p.Ndr.CreditReturn] = _ndrReturn ? 1UL : 0;
    }

    private void Observe(PortValues i, PortValues o)
    {
        var p = _p;
        // M2S: a message shown was sent into the port's input buffer (its port credit spent, its link entry freed)
        if (_reqShown) { _reqPort--; Link.DeviceAccept(LinkChannel.Req); }
        if (_rwdShown) { _rwdPort--; Link.DeviceAccept(LinkChannel.Rwd); }
        if (o[p.Req.CreditReturn] != 0) _reqPort++;
        if (o[p.Rwd.CreditReturn] != 0) _rwdPort++;
        // S2M: the port sent only with a port credit, so its transmit queue has room; the head leaves for the link
        // when the host's credit allows, and frees its port credit (returned next cycle)
        if (o[p.Drs.Valid] != 0) _drsTx.Enqueue(new LinkMessage(LinkChannel.Drs, (int)o[p.Drs.Tag], (int)o[p.Drs.Opcode], 0, o.GetWide(p.Drs.Data).ToArray()));
        if (o[p.Ndr.Valid] != 0) _ndrTx.Enqueue(new LinkMessage(LinkChannel.Ndr, (int)o[p.Ndr.Tag], (int)o[p.Ndr.Opcode]));
        _drsReturn = Forward(_drsTx, Link.DeviceDrsCredits, () => DrsCreditStalls++);
        _ndrReturn = Forward(_ndrTx, Link.DeviceNdrCredits, () => NdrCreditStalls++);
    }

    private bool Forward(Queue<LinkMessage> tx, int linkCredits, Action stalled)
    {
        if (tx.Count == 0) return false;
        if (linkCredits == 0) { stalled(); return false; }
        Link.DeviceSend(tx.Dequeue());
        return true;
    }
}
