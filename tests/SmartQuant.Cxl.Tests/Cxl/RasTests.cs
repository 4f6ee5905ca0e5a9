using System.Numerics;
using SmartQuant.Hw.Cxl;
using SmartQuant.Models.Cxl;

namespace SmartQuant.Cxl.Tests.Cxl;

/// <summary>
/// The CXL RAS capability of the store (CXL 2.0 §8.2.5.9; docs/cxl-store.md, "RAS capability"), golden model, through
/// the register port: a message that overruns its credits sets Receiver_Overflow (bit 11) and, unmasked with nothing
/// logged pending, points First_Error_Pointer at it and logs the dropped message's header; W1C re-arms the log; a
/// masked overrun sets the status only; a second error while one is pending keeps the first header; with both channels
/// dropping in one cycle the Req message is logged. The header layout is spelled out here bit by bit, not taken from
/// <see cref="CxlRas.HeaderLog"/>, so a wrong packing fails.
/// </summary>
public class RasTests
{
    private static readonly CxlStoreConfig Cfg = GoldenBench.Small;
    private const long NoMemory = 1L << 30;   // outside the HDM range: a read is answered from a register, no DRAM
    private const int Status = 0x60, Severity = 0x61, Control = 0x62, Log = 0x63;

    private sealed record Sent(bool Rwd, int Opcode, int Tag, long Hpa, int Time, bool Poison = false, ulong Be = 0);

    /// <summary>A bench whose host returns no S2M credit: after the advertised credits' answers the device stalls, its
    /// front end fills and then its input buffers. <paramref name="unmask"/>: software clears the Uncorrectable Error
    /// Mask (the reset value masks every error) as a driver enabling error reporting would.</summary>
    private static (CxlBench Bench, CxlHostDriver Host, CxlStoreModel Model) Stalled(bool unmask = true)
    {
        var (bench, host, model) = GoldenBench.Create(Cfg);
        host.Program(0, 1 << 24, GoldenBench.Regions(8, 4));
        if (unmask) host.WriteRegister(Status, 0);   // mask [63:32] = 0; the W1C status half clears nothing
        return (bench, host, model);
    }

    /// <summary>One cycle with a Req and/or an RwD message on the M2S ports (sent whether or not a credit is held),
    /// and optionally a register write in the same cycle.</summary>
    private static void Send(CxlBench b, Sent? req, Sent? rwd, (int Addr, ulong Data)? reg = null)
    {
        var p = b.P;
        b.Step(i =>
        {
            if (reg is { } r) { i[p.Regs.WrValid] = 1; i[p.Regs.WrAddr] = (ulong)r.Addr; i[p.Regs.WrData] = r.Data; }
            i[p.Req.Valid] = req is null ? 0UL : 1;
            if (req is { } q) { i[p.Req.Opcode] = (ulong)q.Opcode; i[p.Req.Tag] = (ulong)q.Tag; i[p.Req.Addr] = (ulong)q.Hpa << 1; }
            i[p.Rwd.Valid] = rwd is null ? 0UL : 1;
            if (rwd is { } w)
            {
                i[p.Rwd.Opcode] = (ulong)w.Opcode; i[p.Rwd.Tag] = (ulong)w.Tag; i[p.Rwd.Addr] = (ulong)w.Hpa;
                i[p.Rwd.Poison] = w.Poison ? 1UL : 0; i[p.Rwd.ByteEnable] = w.Be;
            }
        }, (_, _) => { });
        b.In[p.Req.Valid] = b.In[p.Rwd.Valid] = b.In[p.Regs.WrValid] = 0;
    }

    private static Sent Read(CxlBench b, int tag) => new(false, CxlOpcodes.MemRd, tag, NoMemory + tag, (int)(b.Cycle & 0xFFFF));

    private static Sent Write(CxlBench b, int tag) =>
        new(true, CxlOpcodes.MemWrPtl, tag, NoMemory + 0x100 + tag, (int)(b.Cycle & 0xFFFF), tag % 2 == 1, 0x0123_4567_89AB_CDEFUL ^ (ulong)tag);

    private static long Overruns(CxlStoreModel m) => m.Counter(CxlCounters.ErrorsCreditOverrunReq) + m.Counter(CxlCounters.ErrorsCreditOverrunRwd);

    /// <summary>Sends one read a cycle until one is dropped; returns it.</summary>
    private static Sent ReadUntilDropped(CxlBench b, CxlStoreModel m, ref int tag)
    {
        var before = Overruns(m);
        for (var n = 0; n < 200; n++)
        {
            var r = Read(b, tag++);
            Send(b, r, null);
            if (Overruns(m) != before) return r;
        }
        throw new InvalidOperationException("no read was dropped: the device never stalled");
    }

    /// <summary>The header log as one 512-bit number (word j = bits 64j + 63 … 64j).</summary>
    private static BigInteger HeaderLog(CxlHostDriver host)
    {
        var v = BigInteger.Zero;
        for (var j = 0; j < 8; j++) v |= new BigInteger(host.ReadRegister(Log + j)) << (64 * j);
        return v;
    }

    /// <summary>The layout docs/cxl-store.md gives: [0] channel, [4:1] opcode, [20:5] tag, [66:21] host line,
    /// [82:67] drop cycle, [83] Poison, [147:84] byte enables.</summary>
    private static BigInteger Expected(Sent s) =>
        (s.Rwd ? BigInteger.One : 0) | new BigInteger(s.Opcode) << 1 | new BigInteger(s.Tag) << 5 | new BigInteger(s.Hpa) << 21
        | new BigInteger(s.Time) << 67 | (s.Poison ? BigInteger.One << 83 : 0) | new BigInteger(s.Be) << 84;

    private static int Fep(CxlHostDriver host) => (int)(host.ReadRegister(Control) >> 32) & 0x3F;
    private static uint UeStatus(CxlHostDriver host) => (uint)host.ReadRegister(Status);

    [Fact]
    public void Reset_values_and_register_access()
    {
        var (_, host, _) = Stalled(unmask: false);
        Assert.Equal(0x1CFFFUL << 32, host.ReadRegister(Status));      // no error; every defined error masked (spec default)
        Assert.Equal(0x1CFFFUL, host.ReadRegister(Severity));          // every defined error fatal; CE status 0
        Assert.Equal(0x7FUL, host.ReadRegister(Control));              // CE mask all ones, First_Error_Pointer 0
        Assert.Equal(BigInteger.Zero, HeaderLog(host));
        // only defined bits are kept: UE mask/severity bits 0–11 and 14–16, CE mask 6:0; the pointer is read-only
        host.WriteRegister(Status, ulong.MaxValue);
        host.WriteRegister(Severity, 0xFFFF_FFFF_0000_0000UL);
        host.WriteRegister(Control, ulong.MaxValue);
        Assert.Equal(0x1CFFFUL << 32, host.ReadRegister(Status));      // mask written; W1C of clear bits leaves 0
        Assert.Equal(0UL, host.ReadRegister(Severity));
        Assert.Equal(0x7FUL, host.ReadRegister(Control));
        host.WriteRegister(Severity, 0x0000_0000_0000_0800UL);
        Assert.Equal(0x800UL, host.ReadRegister(Severity));
        // the rest of the structure's window reads 0, and the HDM registers below it are unchanged
        for (var a = 0x6B; a < 0x80; a++) Assert.Equal(0UL, host.ReadRegister(a));
        Assert.NotEqual(0UL, host.ReadRegister(CxlRegisters.HdmSize));
    }

    [Fact]
    public void An_overrun_sets_receiver_overflow_points_at_it_and_logs_the_dropped_message()
    {
        var (b, host, m) = Stalled();
        var tag = 1;
        var dropped = ReadUntilDropped(b, m, ref tag);
        Assert.Equal(1u << 11, UeStatus(host));
        Assert.Equal(11, Fep(host));
        Assert.Equal(Expected(dropped), HeaderLog(host));
        Assert.True(dropped.Time > 0 && dropped.Hpa != 0);   // the fields are not trivially zero

        // a second error while the first is pending: counted and status kept, the first header stays
        var second = ReadUntilDropped(b, m, ref tag);
        Assert.NotEqual(dropped.Tag, second.Tag);
        Assert.Equal(1u << 11, UeStatus(host));
        Assert.Equal(Expected(dropped), HeaderLog(host));
        Assert.Equal(2, m.Counter(CxlCounters.ErrorsCreditOverrunReq));
    }

    [Fact]
    public void W1c_clears_the_status_and_rearms_the_log()
    {
        var (b, host, m) = Stalled();
        var tag = 1;
        var first = ReadUntilDropped(b, m, ref tag);
        host.WriteRegister(Status, 1UL << 10);                     // a 1 on another bit clears nothing
        Assert.Equal(1u << 11, UeStatus(host));
        host.WriteRegister(Status, 1UL << 11);
        Assert.Equal(0u, UeStatus(host));
        Assert.Equal(11, Fep(host));                               // the pointer stays; its status bit says nothing is pending
        Assert.Equal(Expected(first), HeaderLog(host));
        var next = ReadUntilDropped(b, m, ref tag);
        Assert.Equal(1u << 11, UeStatus(host));
        Assert.Equal(Expected(next), HeaderLog(host));
        Assert.NotEqual(Expected(first), Expected(next));
    }

    [Fact]
    public void An_overrun_in_the_cycle_its_status_is_cleared_stays_set_and_is_logged()
    {
        var (b, host, m) = Stalled();
        var tag = 1;
        var first = ReadUntilDropped(b, m, ref tag);
        Send(b, Read(b, tag++), null);                             // a second drop while pending: the first header stays
        Assert.Equal(Expected(first), HeaderLog(host));
        var c = Overruns(m);
        var r = Read(b, tag++);
        Send(b, r, null, (Status, 1UL << 11));                      // W1C and an overrun in one cycle
        Assert.Equal(c + 1, Overruns(m));
        Assert.Equal(1u << 11, UeStatus(host));
        Assert.Equal(Expected(r), HeaderLog(host));
    }

    [Fact]
    public void Out_of_reset_every_error_is_masked_so_an_overrun_is_counted_and_flagged_but_not_logged()
    {
        var (b, host, m) = Stalled(unmask: false);
        var tag = 1;
        ReadUntilDropped(b, m, ref tag);
        Assert.Equal((0x1CFFFUL << 32) | 1UL << 11, host.ReadRegister(Status));
        Assert.Equal(0, Fep(host));
        Assert.Equal(BigInteger.Zero, HeaderLog(host));
        Assert.Equal(1, m.Counter(CxlCounters.ErrorsCreditOverrunReq));
    }

    [Fact]
    public void A_masked_overrun_sets_its_status_but_logs_nothing()
    {
        var (b, host, m) = Stalled();
        host.WriteRegister(Status, 1UL << (32 + 11));              // mask Receiver_Overflow
        var tag = 1;
        ReadUntilDropped(b, m, ref tag);
        Assert.Equal((1UL << (32 + 11)) | 1UL << 11, host.ReadRegister(Status));
        Assert.Equal(0, Fep(host));
        Assert.Equal(BigInteger.Zero, HeaderLog(host));
        // unmasked (and cleared, the same word), the next one is logged
        host.WriteRegister(Status, 1UL << 11);
        var logged = ReadUntilDropped(b, m, ref tag);
        Assert.Equal(11, Fep(host));
        Assert.Equal(Expected(logged), HeaderLog(host));
    }

    [Fact]
    public void An_rwd_overrun_logs_its_byte_enables_and_poison()
    {
        var (b, host, m) = Stalled();
        // reads stall the front end; writes then fill the RwD buffer until one is dropped
        var tag = 1;
        ReadUntilDropped(b, m, ref tag);
        host.WriteRegister(Status, 1UL << 11);
        Sent? dropped = null;
        for (var n = 0; n < 50 && dropped is null; n++)
        {
            var w = Write(b, tag++);
            var before = m.Counter(CxlCounters.ErrorsCreditOverrunRwd);
            Send(b, null, w);
            if (m.Counter(CxlCounters.ErrorsCreditOverrunRwd) != before) dropped = w;
        }
        Assert.NotNull(dropped);
        Assert.Equal(11, Fep(host));
        Assert.Equal(Expected(dropped!), HeaderLog(host));
    }

    [Fact]
    public void Both_channels_overrunning_in_one_cycle_log_the_req_message()
    {
        var (b, host, m) = Stalled();
        var tag = 1;
        // the first drop comes while the front end still drains; once 8 reads in a row are dropped it has stopped
        for (var inRow = 0; inRow < 8;)
        {
            var c = Overruns(m);
            Send(b, Read(b, tag++), null);
            inRow = Overruns(m) != c ? inRow + 1 : 0;
            Assert.True(tag < 300, "the front end never stopped");
        }
        host.WriteRegister(Status, 1UL << 11);
        // the Req buffer is full and nothing drains: fill the RwD buffer with writes alone, then send one of each in
        // the same cycle
        var rwdBefore = m.Counter(CxlCounters.ErrorsCreditOverrunRwd);
        for (var n = 0; n < Cfg.M2sCredits; n++) Send(b, null, Write(b, tag++));
        Assert.Equal(rwdBefore, m.Counter(CxlCounters.ErrorsCreditOverrunRwd));   // the RwD buffer took them all
        var reqBefore = m.Counter(CxlCounters.ErrorsCreditOverrunReq);
        var r = Read(b, tag++);
        var w = Write(b, tag++);
        Send(b, r, w);
        Assert.Equal(reqBefore + 1, m.Counter(CxlCounters.ErrorsCreditOverrunReq));
        Assert.Equal(rwdBefore + 1, m.Counter(CxlCounters.ErrorsCreditOverrunRwd));
        Assert.Equal(1u << 11, UeStatus(host));
        Assert.Equal(Expected(r), HeaderLog(host));
    }
}
