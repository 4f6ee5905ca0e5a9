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
/// <item>the device (golden model or RTL, any <see cref="ICycleModel"/>) runs one cycle on its <see cref="CxlBench"/>:
/// m2s_*_valid shows the head of a receive buffer, s2m_*_ready is "the device holds a credit of that channel";</item>
/// <item>both directions pack this cycle's flit slots.</item>
/// </list>
/// The device clock comes from the DRAM configuration (controller cycle = ClockRatio nCK).
/// </summary>
public sealed class LinkBench
{
    private readonly CxlStorePorts _p;

    public LinkBench(CxlBench bench, LinkConfig? link = null)
    {
        Bench = bench;
        _p = bench.P;
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
    /// <summary>Device cycles in which DRS / NDR was valid but the device held no credit for it.</summary>
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
    public void Drain(long maxCycles = 1_000_000) => RunWhile(() => !(Host.Idle && Link.Idle), maxCycles);

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
        var req = Link.DeviceReqHead;
        i[p.Req.Valid] = req is null ? 0UL : 1;
        i[p.Req.Opcode] = req is null ? 0UL : (ulong)req.Opcode;
        i[p.Req.Tag] = req is null ? 0UL : (ulong)req.Tag;
        i[p.Req.Addr] = req is null ? 0UL : (ulong)req.Addr << 1; // Addr[51:5]; bit 5 zero
        i[p.Req.SnpType] = 0;
        i[p.Req.MetaField] = req is null ? 0UL : CxlOpcodes.MetaFieldNoOp;
        var rwd = Link.DeviceRwdHead;
        i[p.Rwd.Valid] = rwd is null ? 0UL : 1;
        i[p.Rwd.Opcode] = rwd is null ? 0UL : (ulong)rwd.Opcode;
        i[p.Rwd.Tag] = rwd is null ? 0UL : (ulong)rwd.Tag;
        i[p.Rwd.Addr] = rwd is null ? 0UL : (ulong)rwd.Addr;
        i[p.Rwd.MetaField] = rwd is null ? 0UL : CxlOpcodes.MetaFieldNoOp;
        i.SetWide(p.Rwd.Data, rwd?.Data ?? Line.Zero);
        i[p.Drs.Ready] = Link.DeviceDrsCredits > 0 ? 1UL : 0;
        i[p.Ndr.Ready] = Link.DeviceNdrCredits > 0 ? 1UL : 0;
    }

    private void Observe(PortValues i, PortValues o)
    {
        var p = _p;
        if (i[p.Req.Valid] != 0 && o[p.Req.Ready] != 0) Link.DeviceAccept(LinkChannel.Req);
        if (i[p.Rwd.Valid] != 0 && o[p.Rwd.Ready] != 0) Link.DeviceAccept(LinkChannel.Rwd);
        if (o[p.Drs.Valid] != 0)
        {
            if (i[p.Drs.Ready] != 0) Link.DeviceSend(new LinkMessage(LinkChannel.Drs, (int)o[p.Drs.Tag], (int)o[p.Drs.Opcode], 0, o.GetWide(p.Drs.Data).ToArray()));
            else DrsCreditStalls++;
        }
        if (o[p.Ndr.Valid] != 0)
        {
            if (i[p.Ndr.Ready] != 0) Link.DeviceSend(new LinkMessage(LinkChannel.Ndr, (int)o[p.Ndr.Tag], (int)o[p.Ndr.Opcode]));
            else NdrCreditStalls++;
        }
    }
}
