using SmartQuant.Models.Dram;
using static SmartQuant.Cxl.Tests.Dram.DramTestHelpers;

namespace SmartQuant.Cxl.Tests.Dram;

public class DramEnergyTests
{
    [Fact]
    public void PerEventEnergiesMatchResearchFormulasAndFigures()
    {
        // The published figures are for the DRAMSim3-style configuration (VDD 1.2 V, no VPP), kept as a preset.
        var cfg = DramConfig.Default with { Power = DramPowerParams.DramSim3Ddr5_4800_x4 };
        var p = cfg.Power;
        double tck = cfg.Timing.TckNs;
        var e = new DramEnergy(p, cfg.Timing);
        // E_ACT = VDD·(IDD0·tRC − IDD3N·tRAS − IDD2N·tRP)·N with the source config's tRAS 76, tRP 33.
        double act = 1.2 * (57 * (76 + 33) - 52 * 76 - 37 * 33) * tck * 8;
        double rd = 1.2 * (168 - 52) * 8 * tck * 8;
        double wr = 1.2 * (150 - 52) * 8 * tck * 8;
        Assert.Equal(act, e.ActPj, 6);
        Assert.Equal(rd, e.ReadPj, 6);
        Assert.Equal(wr, e.WritePj, 6);
        // DRAMSim3 formulas computed with tCK = 0.416 ns (docs/spec/dram.md): 4.15 / 3.71 / 3.13 nJ per rank.
        Assert.InRange(e.ActPj / 4150, 0.995, 1.005);
        Assert.InRange(e.ReadPj / 3710, 0.995, 1.005);
        Assert.InRange(e.WritePj / 3130, 0.995, 1.005);
        Assert.InRange(e.ReadPj / 512, 7.2 - 0.05, 7.2 + 0.05);   // ≈ 7.2 pJ/bit
        Assert.Equal(1.2 * 52 * tck * 8, e.ActiveBackgroundPjPerCycle, 9);
        Assert.Equal(1.2 * 37 * tck * 8, e.PrechargedBackgroundPjPerCycle, 9);
        Assert.Equal(0, e.RefreshPj);   // IDD5B not given in that configuration: refresh energy off in this preset
    }

    [Fact]
    public void CountersAndEnergyOfAHandTrace()
    {
        // WR (bank closed: ACT+WR), RD hit, then RD to another row of the same bank (PRE+ACT+RD).
        var cfg = DramConfig.Default;
        var m = new DramModel(cfg);
        var cmds = new List<DramCommandEvent>();
        m.CommandObserver = cmds.Add;
        var home = m.Map.Decode(0);
        Offer(m, DramRequest.Write(1, 0, Pattern(1)));
        RunUntilResponse(m);
        Offer(m, DramRequest.Read(2, 64));
        RunUntilResponse(m);
        Idle(m, 100);
        Offer(m, DramRequest.Read(3, m.Map.Encode(home with { Row = 1 })));
        RunUntilResponse(m);
        Idle(m, 10);

        var s = m.Stats;
        Assert.Equal((2L, 1L, 2L, 1L), (s.Activates, s.Precharges, s.ReadBursts, s.WriteBursts));
        Assert.Equal((1L, 1L, 1L), (s.RowHits, s.RowMisses, s.RowConflicts));
        Assert.Equal(0, s.Refreshes);

        // Background: nCK t is sampled before that nCK's command, so a bank counts as open for the
        // nCK after its ACT up to and including the nCK of its PRE; ticks run over [0, now).
        long now = m.NowNck;
        var acts = cmds.Where(c => c.Kind == DramCommandKind.Activate).Select(c => c.Nck).ToArray();
        var pre = cmds.Single(c => c.Kind == DramCommandKind.Precharge).Nck;
        long active = (pre - acts[0]) + (now - 1 - acts[1]);
        Assert.Equal(active, s.ActiveCycles);
        Assert.Equal(cfg.SubChannels * now - active, s.PrechargedCycles);

        var e = m.Energy;
        var rep = m.EnergyReport();
        Assert.Equal(2 * e.ActPj, rep.ActivatePj, 6);
        Assert.Equal(2 * e.ReadPj, rep.ReadPj, 6);
        Assert.Equal(1 * e.WritePj, rep.WritePj, 6);
        double bg = active * e.ActiveBackgroundPjPerCycle + (cfg.SubChannels * now - active) * e.PrechargedBackgroundPjPerCycle;
        Assert.Equal(bg, rep.BackgroundPj, 3);
        Assert.Equal(2 * e.ActPj + 2 * e.ReadPj + e.WritePj + bg, rep.TotalPj, 3);
        Assert.Equal(rep.TotalPj / 1000, rep.TotalNj, 6);
    }

    [Fact]
    public void RefreshEnergyUsesIdd5bWhenGiven()
    {
        var cfg = DramConfig.Default with { Power = DramPowerParams.DramSim3Ddr5_4800_x4 with { Idd5B = 250 } };
        var e = new DramEnergy(cfg.Power, cfg.Timing);
        Assert.Equal(1.2 * (250 - 52) * cfg.Timing.tRFC * cfg.Timing.TckNs * 8, e.RefreshPj, 6);
    }
}
