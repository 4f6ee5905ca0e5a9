namespace SmartQuant.Models.Dram;

/// <summary>
/// IDD-current power parameters of one DRAM device (DRAMSim3/DRAMPower style).
/// Defaults: the public DDR5-4800 x4 DRAMSim3 configuration of docs/spec/dram.md (VDD 1.2 V).
/// </summary>
public sealed record DramPowerParams
{
    public double Vdd { get; init; } = 1.2;
    public double Idd0 { get; init; } = 57;    // mA, one ACT-PRE cycle at tRC
    public double Idd2N { get; init; } = 37;   // mA, precharged standby
    public double Idd3N { get; init; } = 52;   // mA, active standby
    public double Idd4R { get; init; } = 168;  // mA, burst read
    public double Idd4W { get; init; } = 150;  // mA, burst write
    /// <summary>mA, refresh burst current. Not in the source configuration; 0 = refresh energy excluded (count still kept).</summary>
    public double Idd5B { get; init; } = 0;
    /// <summary>Devices per sub-channel rank (8 x4 = 32 data bits; 10 with ECC).</summary>
    public int DevicesPerRank { get; init; } = 8;
    /// <summary>tRAS / tRP (nCK) of the IDD0 measurement loop, taken from the same source config
    /// (76 / 33) so E_ACT reproduces the source's figure; tRC = tRAS + tRP.</summary>
    public int IddTras { get; init; } = 76;
    public int IddTrp { get; init; } = 33;

    public static DramPowerParams Ddr5_4800_x4 { get; } = new();

    internal void Validate()
    {
        if (!(Vdd > 0)) throw new ArgumentException($"DramPowerParams.Vdd must be positive (got {Vdd}).");
        if (Idd0 < 0 || Idd2N < 0 || Idd3N < 0 || Idd4R < 0 || Idd4W < 0 || Idd5B < 0)
            throw new ArgumentException("DramPowerParams currents must be non-negative.");
        if (DevicesPerRank <= 0) throw new ArgumentException($"DramPowerParams.DevicesPerRank must be positive (got {DevicesPerRank}).");
        if (IddTras <= 0 || IddTrp <= 0) throw new ArgumentException("DramPowerParams.IddTras and IddTrp must be positive.");
    }
}

/// <summary>
/// Per-event energies (pJ, whole sub-channel rank) from DRAMSim3's formulas (docs/spec/dram.md):
/// E_ACT = VDD·(IDD0·tRC − IDD3N·tRAS − IDD2N·tRP)·N, E_RD = VDD·(IDD4R − IDD3N)·(BL/2)·N,
/// E_WR = VDD·(IDD4W − IDD3N)·(BL/2)·N, background VDD·IDD3N (any bank open) or VDD·IDD2N per nCK,
/// refresh VDD·(IDD5B − IDD3N)·tRFC·N. Times are nCK·tCK (ns); mA·ns·V = pJ.
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
        ActPj = p.Vdd * (p.Idd0 * tRc - p.Idd3N * p.IddTras - p.Idd2N * p.IddTrp) * tck * n;
        ReadPj = p.Vdd * (p.Idd4R - p.Idd3N) * t.BurstCycles * tck * n;
        WritePj = p.Vdd * (p.Idd4W - p.Idd3N) * t.BurstCycles * tck * n;
        RefreshPj = p.Idd5B > 0 ? p.Vdd * (p.Idd5B - p.Idd3N) * t.tRFC * tck * n : 0;
        ActiveBackgroundPjPerCycle = p.Vdd * p.Idd3N * tck * n;
        PrechargedBackgroundPjPerCycle = p.Vdd * p.Idd2N * tck * n;
    }

    /// <summary>Energy report for a set of counters; computed from integer counts so it is exact and order-independent.</summary>
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
