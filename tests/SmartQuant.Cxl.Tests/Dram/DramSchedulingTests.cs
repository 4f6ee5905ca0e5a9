using SmartQuant.Models.Dram;
using static SmartQuant.Cxl.Tests.Dram.DramTestHelpers;

namespace SmartQuant.Cxl.Tests.Dram;

public class DramSchedulingTests
{
    [Fact]
    public void AddressMapKeepsABlockInOneRowAndSpreadsBlocks()
    {
        var map = new AddressMap(DramConfig.Default);
        var first = map.Decode(0);
        for (ulong line = 1; line < 8; line++)
        {
            var d = map.Decode(line * 64);
            Assert.Equal(first with { Column = (int)line }, d);
        }
        var seen = new HashSet<(int, int)>();
        for (ulong blk = 0; blk < 32; blk++)
        {
            var d = map.Decode(blk * 512);
            Assert.True(seen.Add((d.SubChannel, d.BankGroup)));      // 32 blocks → 4 sub-channels × 8 bank groups
        }
        for (ulong a = 0; a < 1UL << 36; a += 0x1_2345_6740)
            Assert.Equal(a, map.Encode(map.Decode(a)));
        Assert.Equal(64L << 30, map.CapacityBytes);
    }

    [Fact]
    public void FrFcfsServesYoungerRowHitBeforeOlderConflict()
    {
        // Row R is being opened for request 1; request 2 (older, other row, same bank) and request 3
        // (younger, row R) wait. FCFS would serve 2 before 3; FR-FCFS serves the hit first and only
        // then precharges.
        var m = new DramModel();
        var home = m.Map.Decode(0);
        ulong conflict = m.Map.Encode(home with { Row = 9 });
        ulong hit = m.Map.Encode(home with { Column = 3 });
        Offer(m, DramRequest.Read(1, 0));
        Offer(m, DramRequest.Read(2, conflict));
        Offer(m, DramRequest.Read(3, hit));
        var ids = new[] { RunUntilResponse(m).Id, RunUntilResponse(m).Id, RunUntilResponse(m).Id };
        Assert.Equal([1, 3, 2], ids);
        Assert.Equal((1L, 1L, 1L), (m.Stats.RowHits, m.Stats.RowMisses, m.Stats.RowConflicts));
    }

    [Fact]
    public void FrFcfsPicksReadyHitOverOlderReadyPrecharge()
    {
        // Both the older request's PRE and the younger request's RD are legal at the same nCK.
        var cfg = DramConfig.Default;
        var stats = new DramStats();
        var sc = new SubChannel(0, cfg, stats);
        sc.Activate(0, 5, 0, -1);
        Transaction Tx(int id, int row, long seq) => new()
        {
            Id = id, IsWrite = false, Address = 0, Where = new DramAddress(0, 0, 0, row, 0),
            FlatBank = 0, Seq = seq, AcceptCycle = 0,
        };
        sc.Queue.Add(Tx(10, 9, 0));   // older: conflict
        sc.Queue.Add(Tx(11, 5, 1));   // younger: hit
        long t = 1000;
        Assert.True(sc.CanPrecharge(0, t) && sc.CanCas(0, false, t));
        var issued = FrFcfsScheduler.Step(sc, t);
        Assert.Equal(11, issued?.Id);
        Assert.Null(FrFcfsScheduler.Step(sc, t + cfg.Timing.tRTP - 1));        // RD→PRE: tRTP
        Assert.True(sc.Banks[0].IsOpen);
        Assert.Null(FrFcfsScheduler.Step(sc, t + cfg.Timing.tRTP));            // now the PRE for 10
        Assert.False(sc.Banks[0].IsOpen);
        Assert.Equal(1, stats.Precharges);
    }

    [Fact]
    public void IdleRefreshIssuesEveryTrefiOnEverySubChannel()
    {
        var cfg = DramConfig.Default;
        var m = new DramModel(cfg);
        var refs = new List<DramCommandEvent>();
        m.CommandObserver = e => { if (e.Kind == DramCommandKind.Refresh) refs.Add(e); };
        int n = 5;
        Idle(m, (int)((long)n * cfg.Timing.tREFI / cfg.ClockRatio) + 1);
        for (int sc = 0; sc < cfg.SubChannels; sc++)
        {
            var times = refs.Where(e => e.SubChannel == sc).Select(e => e.Nck).ToArray();
            Assert.Equal(Enumerable.Range(1, n).Select(k => (long)k * cfg.Timing.tREFI), times);
        }
        Assert.Equal(n * cfg.SubChannels, m.Stats.Refreshes);
    }

    [Fact]
    public void ReadBehindARefreshWaitsTrfc()
    {
        var cfg = DramConfig.Default;
        var t = cfg.Timing;
        var m = new DramModel(cfg);
        Idle(m, t.tREFI / cfg.ClockRatio);          // REF issues at nCK tREFI = first nCK of this cycle
        long refNck = m.NowNck;
        Assert.Equal(t.tREFI, refNck);
        Offer(m, DramRequest.Read(1, 0));
        Assert.Equal(cfg.SubChannels, m.Stats.Refreshes);
        var r = RunUntilResponse(m);
        long expectNck = t.tRFC + t.tRCD + t.CL + t.BurstCycles;   // ACT only after REF + tRFC
        Assert.Equal((expectNck + cfg.ClockRatio - 1) / cfg.ClockRatio, r.LatencyCycles);
    }

    [Fact]
    public void RefreshClosesOpenRowsFirst()
    {
        var cfg = DramConfig.Default;
        var m = new DramModel(cfg);
        var cmds = new List<DramCommandEvent>();
        m.CommandObserver = cmds.Add;
        Offer(m, DramRequest.Read(1, 0));
        RunUntilResponse(m);
        Idle(m, cfg.Timing.tREFI / cfg.ClockRatio);
        var sc0 = cmds.Where(c => c.SubChannel == 0).Select(c => c.Kind).ToArray();
        Assert.Equal([DramCommandKind.Activate, DramCommandKind.Read, DramCommandKind.Precharge, DramCommandKind.Refresh], sc0);
        Assert.Equal(1, m.Stats.Precharges);
    }

    [Fact]
    public void StreamingSequentialReadsReach85PercentOfPeak()
    {
        var cfg = DramConfig.Default;
        var res = DramAnalysis.MeasureReadStream(cfg, 0, 64 * 1024);     // 4 MiB, ~14 refresh intervals
        Assert.Equal(76.8e9, cfg.PeakBandwidthBytesPerSecond, 1e6);
        double refreshShare = (double)cfg.Timing.tRFC / cfg.Timing.tREFI;
        Assert.InRange(refreshShare, 0.074, 0.077);                      // "refresh alone costs about 7.5 %"
        Assert.True(res.FractionOfPeak >= 0.85, $"achieved {res.FractionOfPeak:P2} of peak");
        Assert.True(res.FractionOfPeak <= 1 - refreshShare + 0.01, $"achieved {res.FractionOfPeak:P2} exceeds what refresh allows");
        Assert.True(res.Stats.RowHits > 0.95 * res.Lines);
    }
}
