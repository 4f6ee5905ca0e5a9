namespace SmartQuant.Models.Dram;

/// <summary>
/// Supply voltages and IDD/IPP currents of one DRAM device (docs/dram-model.md, "Energy"). DDR5 has two core
/// supplies: VDD (1.1 V) and VPP (1.8 V, the wordline pump); each current is measured on both (IDDx and IPPx).
/// Defaults: the DDR5 voltage and current presets of Ramulator 2.0's DDR5 model (IDD0 60, IDD2N 50, IDD3N 55,
/// IDD4R 145, IDD4W 145, IDD5B 362 mA; IPP0/2N/3N/4R/4W 3 mA, IPP5B 48 mA). <see cref="DramSim3Ddr5_4800_x4"/> is
/// the DRAMSim3-style DDR5 configuration used before (VDD 1.2 V, no VPP, no refresh current).
/// </summary>
public sealed record DramPowerParams
{
    public double Vdd { get; init; } = 1.1;
    public double Vpp { get; init; } = 1.8;
    public double Idd0 { get; init; } = 60;    // mA, one ACT-PRE cycle at tRC
    public double Idd2N { get; init; } = 50;   // mA, precharged standby
    public double Idd3N { get; init; } = 55;   // mA, active standby
    public double Idd4R { get; init; } = 145;  // mA, burst read
    public double Idd4W { get; init; } = 145;  // mA, burst write
    /// <summary>mA, all-bank refresh burst current (over tRFC); 0 = refresh energy excluded (count still kept).</summary>
    public double Idd5B { get; init; } = 362;
    public double Ipp0 { get; init; } = 3;     // mA on VPP, same conditions as IDD0
    public double Ipp2N { get; init; } = 3;
    public double Ipp3N { get; init; } = 3;
    public double Ipp4R { get; init; } = 3;
    public double Ipp4W { get; init; } = 3;
    public double Ipp5B { get; init; } = 48;
    /// <summary>Devices per sub-channel rank (8 x4 = 32 data bits; 10 with ECC).</summary>
    public int DevicesPerRank { get; init; } = 8;
    /// <summary>tRAS / tRP (nCK) of the IDD0 measurement loop (tRC = tRAS + tRP): the timing set's own 77 / 34.</summary>
    public int IddTras { get; init; } = 77;
    public int IddTrp { get; init; } = 34;

    public static DramPowerParams Ddr5_4800_x4 { get; } = new();

    /// <summary>The public DRAMSim3 DDR5-4800 x4 configuration used by the SmartQuant follow-up analyses (VDD 1.2 V, IDD0 57, IDD2N 37,
    /// IDD3N 52, IDD4R 168, IDD4W 150 mA, IDD0 loop tRAS 76 / tRP 33); it has no VPP currents and no IDD5B.</summary>
    public static DramPowerParams DramSim3Ddr5_4800_x4 { get; } = new()
    {
        Vdd = 1.2, Vpp = 0, Idd0 = 57, Idd2N = 37, Idd3N = 52, Idd4R = 168, Idd4W = 150, Idd5B = 0,
        Ipp0 = 0, Ipp2N = 0, Ipp3N = 0, Ipp4R = 0, Ipp4W = 0, Ipp5B = 0, IddTras = 76, IddTrp = 33,
    };

    internal void Validate()
    {
        if (!(Vdd > 0)) throw new ArgumentException($"DramPowerParams.Vdd must be positive (got {Vdd}).");
        if (!(Vpp >= 0)) throw new ArgumentException($"DramPowerParams.Vpp must be non-negative (got {Vpp}).");
        if (new[] { Idd0, Idd2N, Idd3N, Idd4R, Idd4W, Idd5B, Ipp0, Ipp2N, Ipp3N, Ipp4R, Ipp4W, Ipp5B }.Any(c => !(c >= 0)))
            throw new ArgumentException("DramPowerParams currents must be non-negative.");
        if (DevicesPerRank <= 0) throw new ArgumentException($"DramPowerParams.DevicesPerRank must be positive (got {DevicesPerRank}).");
        if (IddTras <= 0 || IddTrp <= 0) throw new ArgumentException("DramPowerParams.IddTras and IddTrp must be positive.");
    }
}

/// <summary>
/// Per-event energies (pJ, whole sub-channel rank of N devices), DRAMSim3's formulas with a VPP term of the same form
/// (times in ns = nCK·tCK; mA·ns·V = pJ):
/// E_ACT = [VDD·(IDD0·tRC − IDD3N·tRAS − IDD2N·tRP) + VPP·(IPP0·tRC − IPP3N·tRAS − IPP2N·tRP)]·N,
/// E_RD = [VDD·(IDD4R − IDD3N) + VPP·(IPP4R − IPP3N)]·(BL/2)·N, E_WR likewise with IDD4W/IPP4W,
/// E_REF = [VDD·(IDD5B − IDD3N) + VPP·(IPP5B − IPP3N)]·tRFC·N per all-bank refresh,
/// background per nCK (VDD·IDD3N + VPP·IPP3N)·N with any bank open, else (VDD·IDD2N + VPP·IPP2N)·N.
/// </summary>
public sealed class DramEnergy
{
    public double ActPj { get; }
    public double ReadPj { get; }
    public double WritePj { get; }
    public double RefreshPj { get; }
    public double ActiveBackgroundPjPerCycle { get; }
    public double PrechargedBackgroundPjPerCycle { get; }

    public DramEnergy(DramPowerParams p, Ddr5Timing t)
    {
        double tck = t.TckNs, n = p.DevicesPerRank;
        int tRc = p.IddTras + p.IddTrp;
        ActPj = (p.Vdd * (p.Idd0 * tRc - p.Idd3N * p.IddTras - p.Idd2N * p.IddTrp)
               + p.Vpp * (p.Ipp0 * tRc - p.Ipp3N * p.IddTras - p.Ipp2N * p.IddTrp)) * tck * n;
        ReadPj = (p.Vdd * (p.Idd4R - p.Idd3N) + p.Vpp * (p.Ipp4R - p.Ipp3N)) * t.BurstCycles * tck * n;
        WritePj = (p.Vdd * (p.Idd4W - p.Idd3N) + p.Vpp * (p.Ipp4W - p.Ipp3N)) * t.BurstCycles * tck * n;
        RefreshPj = p.Idd5B > 0 ? (p.Vdd * (p.Idd5B - p.Idd3N) + p.Vpp * (p.Ipp5B - p.Ipp3N)) * t.tRFC * tck * n : 0;
        ActiveBackgroundPjPerCycle = (p.Vdd * p.Idd3N + p.Vpp * p.Ipp3N) * tck * n;
        PrechargedBackgroundPjPerCycle = (p.Vdd * p.Idd2N + p.Vpp * p.Ipp2N) * tck * n;
    }

    /// <summary>Energy report for a set of counters; computed from integer counts so it is exact and order-independent.
    /// Background covers every sub-channel·nCK the counters span, busy or idle.</summary>
    public DramEnergyReport Report(DramStats s) => new(
        ActivatePj: s.Activates * ActPj,
        ReadPj: s.ReadBursts * ReadPj,
        WritePj: s.WriteBursts * WritePj,
        RefreshPj: s.Refreshes * RefreshPj,
        BackgroundPj: s.ActiveCycles * ActiveBackgroundPjPerCycle + s.PrechargedCycles * PrechargedBackgroundPjPerCycle);
}

/// <summary>Energy totals in pJ (TotalNj for convenience).</summary>
public readonly record struct DramEnergyReport(double ActivatePj, double ReadPj, double WritePj, double RefreshPj, double BackgroundPj)
{
    public double DynamicPj => ActivatePj + ReadPj + WritePj + RefreshPj;
    public double TotalPj => DynamicPj + BackgroundPj;
    public double TotalNj => TotalPj / 1000.0;
}
