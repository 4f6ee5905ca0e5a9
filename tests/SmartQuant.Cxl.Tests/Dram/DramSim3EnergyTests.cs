using SmartQuant.Models.Dram;
using static SmartQuant.Cxl.Tests.Dram.DramTestHelpers;

namespace SmartQuant.Cxl.Tests.Dram;

/// <summary>
/// Keeps the energy model checked against DRAMSim3's formulas (its configuration's per-command energy increments,
/// in mA·V·cycles; × tCK in ns gives pJ), written out here independently of the model's code:
/// <code>
/// act_energy_inc     = VDD · (IDD0 · tRC − (IDD3N · tRAS + IDD2N · tRP)) · devices
/// read_energy_inc    = VDD · (IDD4R − IDD3N) · burst_cycle · devices
/// write_energy_inc   = VDD · (IDD4W − IDD3N) · burst_cycle · devices
/// ref_energy_inc     = VDD · (IDD5AB − IDD3N) · tRFC · devices
/// act_stb_energy_inc = VDD · IDD3N · devices      (per cycle with a bank open)
/// pre_stb_energy_inc = VDD · IDD2N · devices      (per cycle with all banks precharged)
/// </code>
/// DRAMSim3 has no VPP term; our model adds the same expressions on VPP with the IPP currents, so with the IPP
/// currents at zero it must equal DRAMSim3, and with them the VPP part must be exactly the same formulas on VPP.
/// </summary>
public class DramSim3EnergyTests
{
    private sealed record Incs(double Act, double Read, double Write, double Ref, double ActStb, double PreStb);

    private static Incs DramSim3(double vdd, double idd0, double idd2n, double idd3n, double idd4r, double idd4w, double idd5ab,
        int tRc, int tRas, int tRp, int burstCycle, int tRfc, int devices, double tck) => new(
        vdd * (idd0 * tRc - (idd3n * tRas + idd2n * tRp)) * devices * tck,
        vdd * (idd4r - idd3n) * burstCycle * devices * tck,
        vdd * (idd4w - idd3n) * burstCycle * devices * tck,
        vdd * (idd5ab - idd3n) * tRfc * devices * tck,
        vdd * idd3n * devices * tck,
        vdd * idd2n * devices * tck);

    private static Incs Vdd(DramPowerParams p, Ddr5Timing t) =>
        DramSim3(p.Vdd, p.Idd0, p.Idd2N, p.Idd3N, p.Idd4R, p.Idd4W, p.Idd5B, p.IddTras + p.IddTrp, p.IddTras, p.IddTrp, t.BurstCycles, t.tRFC, p.DevicesPerRank, t.TckNs);

    private static Incs Vpp(DramPowerParams p, Ddr5Timing t) =>
        DramSim3(p.Vpp, p.Ipp0, p.Ipp2N, p.Ipp3N, p.Ipp4R, p.Ipp4W, p.Ipp5B, p.IddTras + p.IddTrp, p.IddTras, p.IddTrp, t.BurstCycles, t.tRFC, p.DevicesPerRank, t.TckNs);

    private static void AssertEqual(Incs expect, DramEnergy e)
    {
        Assert.Equal(expect.Act, e.ActPj, 9);
        Assert.Equal(expect.Read, e.ReadPj, 9);
        Assert.Equal(expect.Write, e.WritePj, 9);
        Assert.Equal(expect.Ref, e.RefreshPj, 9);
        Assert.Equal(expect.ActStb, e.ActiveBackgroundPjPerCycle, 9);
        Assert.Equal(expect.PreStb, e.PrechargedBackgroundPjPerCycle, 9);
    }

    [Fact]
    public void Without_vpp_the_model_is_dramsim3()
    {
        var t = Ddr5Timing.Ddr5_4800AN;
        var noVpp = DramPowerParams.Ddr5_4800_x4 with { Ipp0 = 0, Ipp2N = 0, Ipp3N = 0, Ipp4R = 0, Ipp4W = 0, Ipp5B = 0 };
        AssertEqual(Vdd(noVpp, t), new DramEnergy(noVpp, t));
        var dramsim3 = DramPowerParams.DramSim3Ddr5_4800_x4 with { Idd5B = 250 };
        AssertEqual(Vdd(dramsim3, t), new DramEnergy(dramsim3, t));
    }

    [Fact]
    public void The_ddr5_default_adds_the_same_formulas_on_vpp()
    {
        var t = Ddr5Timing.Ddr5_4800AN;
        var p = DramPowerParams.Ddr5_4800_x4;
        Assert.Equal((1.1, 1.8), (p.Vdd, p.Vpp));
        Assert.Equal((77, 34), (p.IddTras, p.IddTrp));   // the IDD0 loop at the timing set's own tRAS / tRP (tRC 111)
        var (a, b) = (Vdd(p, t), Vpp(p, t));
        AssertEqual(new Incs(a.Act + b.Act, a.Read + b.Read, a.Write + b.Write, a.Ref + b.Ref, a.ActStb + b.ActStb, a.PreStb + b.PreStb), new DramEnergy(p, t));
        // With IPP0 = IPP2N = IPP3N the VPP part of E_ACT cancels; VPP still carries refresh and background energy.
        Assert.True(b.Ref > 0 && b.ActStb > 0 && b.Act == 0, "VPP terms");
        // The figures docs/dram-model.md quotes.
        var e = new DramEnergy(p, t);
        Assert.Equal((2658, 2640, 2640, 988132), ((int)Math.Round(e.ActPj), (int)Math.Round(e.ReadPj), (int)Math.Round(e.WritePj), (int)Math.Round(e.RefreshPj)));
        Assert.Equal((219.7, 201.3), (Math.Round(e.ActiveBackgroundPjPerCycle, 1), Math.Round(e.PrechargedBackgroundPjPerCycle, 1)));
    }

    [Fact]
    public void A_run_across_refreshes_totals_like_dramsim3()
    {
        // Random reads and writes over 30 k controller cycles (≈ 6 refresh intervals): DRAMSim3's per-command and
        // per-cycle accumulation over the model's counters must give the model's report.
        var cfg = DramConfig.Default;
        var m = new DramModel(cfg);
        var rng = new Random(5);
        for (var c = 0; c < 30_000; c++)
        {
            DramRequest? req = null;
            if (m.RequestReady && rng.NextDouble() < 0.3)
            {
                var addr = (ulong)rng.Next(1 << 16) * 64;
                req = rng.Next(3) == 0 ? DramRequest.Write(c, addr, Pattern(c)) : DramRequest.Read(c, addr);
            }
            m.Clock(req, true);
        }
        var s = m.Stats;
        Assert.True(s.Refreshes >= 6 * cfg.SubChannels, $"{s.Refreshes} refreshes");
        Assert.Equal(cfg.SubChannels * m.NowNck, s.ActiveCycles + s.PrechargedCycles);
        var p = cfg.Power;
        var (a, b) = (Vdd(p, cfg.Timing), Vpp(p, cfg.Timing));
        var expect = s.Activates * (a.Act + b.Act) + s.ReadBursts * (a.Read + b.Read) + s.WriteBursts * (a.Write + b.Write)
                   + s.Refreshes * (a.Ref + b.Ref) + s.ActiveCycles * (a.ActStb + b.ActStb) + s.PrechargedCycles * (a.PreStb + b.PreStb);
        Assert.Equal(expect, m.EnergyReport().TotalPj, 3);
        Assert.True(m.EnergyReport().RefreshPj > 0);
    }
}
