using SmartQuant.Models.Dram;
using static SmartQuant.Cxl.Tests.Dram.DramTestHelpers;

namespace SmartQuant.Cxl.Tests.Dram;

public class DramLatencyTests
{
    private static readonly DramConfig Cfg = DramConfig.Default;
    private static readonly Ddr5Timing T = Cfg.Timing;

    // docs/spec/dram.md derivations: hit = CL + BL/2, closed bank = tRCD + CL + BL/2,
    // conflict = tRP + tRCD + CL + BL/2 (all measured to the end of the data burst).
    private static int HitNck => T.CL + T.BurstLength / 2;
    private static int MissNck => T.tRCD + T.CL + T.BurstLength / 2;
    private static int ConflictNck => T.tRP + T.tRCD + T.CL + T.BurstLength / 2;
    private static long ToCycles(int nck) => (nck + Cfg.ClockRatio - 1) / Cfg.ClockRatio;

    [Fact]
    public void TimingSetIsRamulator2Ddr5_4800AN()
    {
        Assert.Equal((34, 34, 34, 77, 111, 32), (T.CL, T.tRCD, T.tRP, T.tRAS, T.tRC, T.CWL));
        Assert.Equal((72, 18, 8, 12, 48), (T.tWR, T.tRTP, T.tCCD_S, T.tCCD_L, T.tCCD_L_WR));
        Assert.Equal((8, 12, 40, 46, 64), (T.tRRD_S, T.tRRD_L, T.tFAW, T.tCCD_S_WTR, T.tCCD_L_WTR));
        Assert.Equal(T.NsToCycles(3900), T.tREFI);   // 3.9 µs
        Assert.Equal(T.NsToCycles(295), T.tRFC);     // tRFC1, 16 Gb
        Assert.Equal(0.4167, T.TckNs, 4);
    }

    [Fact]
    public void ClosedBankReadMatchesTrcdPlusClPlusBurst()
    {
        var m = new DramModel(Cfg);
        Offer(m, DramRequest.Read(7, 0));
        var r = RunUntilResponse(m);
        Assert.Equal(7, r.Id);
        Assert.Equal(ToCycles(MissNck), r.LatencyCycles);
        Assert.Equal(76, MissNck);
        Assert.Equal(31.7, MissNck * T.TckNs, 1);                 // docs/spec/dram.md: to the end of the burst 31.7 ns
        Assert.Equal(28.3, (T.tRCD + T.CL) * T.TckNs, 1);          // docs/spec/dram.md: tRCD + CL = 68 nCK (28.3 ns)
        Assert.Equal(1, m.Stats.RowMisses);
        var a = DramAnalysis.IdleReadLatency(Cfg, RowState.Miss);
        Assert.Equal((MissNck, r.LatencyCycles), (a.Nck, a.ControllerCycles));
        Assert.Equal(28.3, a.FirstDataNs, 1);
    }

    [Fact]
    public void RowHitReadMatchesClPlusBurst()
    {
        var m = new DramModel(Cfg);
        Offer(m, DramRequest.Read(1, 0));
        RunUntilResponse(m);
        Idle(m, 10);
        Offer(m, DramRequest.Read(2, 64));     // next plane of the same block: same row
        var r = RunUntilResponse(m);
        Assert.Equal(ToCycles(HitNck), r.LatencyCycles);
        Assert.Equal(1, m.Stats.RowHits);
        Assert.Equal(1, m.Stats.Activates);
        Assert.Equal(17.5, HitNck * T.TckNs, 1);
        Assert.Equal(r.LatencyCycles, DramAnalysis.IdleReadLatency(Cfg, RowState.Hit).ControllerCycles);
    }

    [Fact]
    public void RowConflictReadMatchesTrpPlusTrcdPlusClPlusBurst()
    {
        var m = new DramModel(Cfg);
        var a0 = m.Map.Decode(0);
        ulong otherRow = m.Map.Encode(a0 with { Row = 5 });
        Offer(m, DramRequest.Read(1, 0));
        RunUntilResponse(m);
        Idle(m, T.tRAS);                          // tRAS long satisfied: pure tRP + tRCD + CL + BL/2
        Offer(m, DramRequest.Read(2, otherRow));
        var r = RunUntilResponse(m);
        Assert.Equal(ToCycles(ConflictNck), r.LatencyCycles);
        Assert.Equal(110, ConflictNck);
        Assert.Equal(45.8, ConflictNck * T.TckNs, 1);             // docs/spec/dram.md: row conflict (PRE+ACT+RD) 45.8 ns
        Assert.Equal(1, m.Stats.RowConflicts);
        Assert.Equal(r.LatencyCycles, DramAnalysis.IdleReadLatency(Cfg, RowState.Conflict).ControllerCycles);
    }

    [Fact]
    public void WriteIsAcknowledgedAfterItsBurst()
    {
        var m = new DramModel(Cfg);
        Offer(m, DramRequest.Write(3, 0, Pattern(1)));
        var r = RunUntilResponse(m);
        Assert.True(r.IsWrite);
        Assert.Empty(r.Data);
        Assert.Equal(ToCycles(T.tRCD + T.CWL + T.BurstLength / 2), r.LatencyCycles);
    }

    [Fact]
    public void ControllerClockRatioOneCountsInNck()
    {
        var cfg = Cfg with { ClockRatio = 1 };
        var m = new DramModel(cfg);
        Offer(m, DramRequest.Read(1, 0));
        Assert.Equal(MissNck, RunUntilResponse(m).LatencyCycles);
    }
}
