using SmartQuant.Hw.Cxl;
using SmartQuant.Models.Cxl;

namespace SmartQuant.Cxl.Tests.Cxl;

/// <summary>
/// The credit counters of the CXL.mem ports (docs/cxl-store.md, "Credits"), golden model: the device holds the S2M
/// credits the host advertised at reset and sends no response without one, never counts past them, returns one M2S
/// credit per drained input-buffer entry, sustains one message per cycle with the default 4 credits, and drops (and
/// counts) what a misbehaving host sends into a full input buffer without changing anything stored.
/// </summary>
public class CreditTests
{
    private static readonly CxlStoreConfig Cfg = GoldenBench.Small;
    private const long NoMemory = 1L << 30;   // a host line outside the HDM range: answered from a register, no DRAM

    [Fact]
    public void The_device_sends_no_more_responses_than_it_holds_credits()
    {
        var (_, host, model) = GoldenBench.Create(Cfg);
        host.Program(0, 1 << 24, GoldenBench.Regions(8, 4));
        host.Backpressure = 1;                             // the host returns no S2M credit
        for (var t = 0; t < 3 * Cfg.S2mCredits; t++) host.ReadHpa(NoMemory + t);
        host.Idle_(300);
        Assert.Equal(Cfg.S2mCredits, host.Done.Count);     // the credits advertised at reset, then nothing
        Assert.Equal(Cfg.S2mCredits, model.Counter(CxlCounters.ReadsCompleted));
        host.Backpressure = 0;
        host.Run();
        Assert.Equal(3 * Cfg.S2mCredits, host.Done.Count);
        Assert.Equal(0, model.Counter(CxlCounters.ErrorsCreditOverrunReq));
    }

    [Fact]
    public void Credits_returned_past_the_advertised_count_are_ignored()
    {
        var (bench, host, _) = GoldenBench.Create(Cfg);
        host.Program(0, 1 << 24, GoldenBench.Regions(8, 4));
        var p = bench.P;
        for (var c = 0; c < 20; c++) bench.Step(i => { i[p.Drs.CreditReturn] = 1; i[p.Ndr.CreditReturn] = 1; }, (_, _) => { });
        bench.In[p.Drs.CreditReturn] = bench.In[p.Ndr.CreditReturn] = 0;
        host.Backpressure = 1;
        for (var t = 0; t < 2 * Cfg.S2mCredits; t++) host.ReadHpa(NoMemory + t);
        host.Idle_(300);
        Assert.Equal(Cfg.S2mCredits, host.Done.Count);
    }

    [Fact]
    public void Every_drained_entry_returns_its_credit_and_the_default_credits_sustain_one_message_per_cycle()
    {
        var (bench, host, _) = GoldenBench.Create(Cfg);
        host.Program(0, 1 << 24, GoldenBench.Regions(8, 4));
        long returns = 0, sent = 0, first = -1, last = -1;
        host.Watch = o => returns += (long)o[bench.P.Req.CreditReturn];
        // MemSpecRd is accepted every cycle with no answer, so only the credit loop can hold the host up
        const int n = 64;
        for (var t = 0; t < n; t++) host.ReadHpa(NoMemory + t, CxlOpcodes.MemSpecRd);
        var start = bench.Cycle;
        while (!host.Idle)
        {
            host.Idle_(1);
            if (bench.In[bench.P.Req.Valid] != 0) { sent++; if (first < 0) first = bench.Cycle; last = bench.Cycle; }
        }
        host.Idle_(8);                                                        // the last credit returns
        Assert.Equal(n, sent);
        Assert.Equal(n, returns);
        Assert.Equal((Cfg.M2sCredits, Cfg.M2sCredits), host.Port.Credits);   // all back with the host
        Assert.Equal(0, host.Port.CreditStallCycles);                         // never waited for a credit
        Assert.Equal(n - 1, last - first);                                    // one Req per cycle, back to back
        Assert.True(bench.Cycle - start < n + 40, $"{bench.Cycle - start} cycles");
    }

    [Fact]
    public void Messages_sent_past_the_credits_are_dropped_counted_and_change_nothing_stored()
    {
        // a short NDR queue, so the held-back Cmps back the front end up into the input buffers soon
        var cfg = new CxlStoreConfig(bufferEntries: 4, regions: 4, flushIdleCycles: 16, ndrQueueDepth: 4);
        var (_, host, model) = GoldenBench.Create(cfg, tags: 64);
        var weights = GoldenBench.RandomWeights(8, 3);
        host.Program(0, 1 << 24, GoldenBench.Regions(8, 4));
        GoldenBench.Load(host, weights);
        host.Done.Clear();
        var port = host.Port;

        // the host holds back every S2M credit, so after 4 Cmps the device backs up into its input buffers; the host
        // sends on regardless: 32 writes of new data to blocks 0..3 (each line once) and 16 reads of no memory
        host.Backpressure = 1;
        port.IgnoreCredits = true;
        var rng = new Random(9);
        var written = new Dictionary<long, byte[]>();
        for (var l = 0; l < 32; l++)
        {
            var d = new byte[64];
            rng.NextBytes(d);
            written[l] = d;
            host.Write(l, d);
            if (l % 2 == 0) host.ReadHpa(NoMemory + l);
        }
        host.Idle_(400);
        host.Backpressure = 0;
        host.Idle_(3000);
        var acknowledged = host.Done.Where(r => !r.IsRead).Select(r => r.Hpa).ToHashSet();
        var gone = port.Abandon();
        var overruns = model.Counter(CxlCounters.ErrorsCreditOverrunReq) + model.Counter(CxlCounters.ErrorsCreditOverrunRwd);
        Assert.True(gone.Count > 0, "nothing was dropped: the test did not overrun the credits");
        Assert.Equal(gone.Count, overruns);
        Assert.Equal(gone.Count(g => g.Write), model.Counter(CxlCounters.ErrorsCreditOverrunRwd));
        Assert.True(acknowledged.Count > 0, "no write got through");
        Assert.Equal(32, acknowledged.Count + gone.Count(g => g.Write));      // every write answered or dropped

        // read everything back through the full-precision alias: acknowledged writes stored, dropped ones not at all
        port.IgnoreCredits = false;
        port.ResyncCredits(cfg);
        host.Done.Clear();
        for (var l = 0; l < 64; l++) host.Read(l);
        host.Run();
        Assert.Equal(64, host.Done.Count);
        foreach (var r in host.Done)
        {
            var line = host.Hdm.DpaOf(r.Hpa);
            var expect = acknowledged.Contains(r.Hpa) ? written[line] : weights.AsSpan((int)line * 64, 64).ToArray();
            Assert.True(expect.AsSpan().SequenceEqual(r.Data), $"line {line}: {(acknowledged.Contains(r.Hpa) ? "acknowledged" : "dropped or untouched")} write read back wrong");
        }
    }

    [Theory]
    [InlineData(3, 4)]
    [InlineData(128, 4)]
    [InlineData(4, 0)]
    [InlineData(4, 256)]
    public void Bad_credit_counts_are_rejected(int m2s, int s2m) =>
        Assert.ThrowsAny<Exception>(() => new CxlStoreConfig(m2sCredits: m2s, s2mCredits: s2m));
}
