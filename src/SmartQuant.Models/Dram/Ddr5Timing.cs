namespace SmartQuant.Models.Dram;

/// <summary>
/// DDR5 timing set, every value in DRAM command clocks (nCK). Defaults are the DDR5-4800AN set of
/// the Ramulator2 preset (docs/spec/dram.md); values the preset does not give are marked "[JEDEC]" and
/// documented in docs/dram-model.md.
/// </summary>
public sealed record Ddr5Timing
{
    /// <summary>Command clock frequency in MHz (DDR5-4800: 2400 MHz, tCK = 1/2.4 GHz = 0.41667 ns).</summary>
    public double ClockMHz { get; init; } = 2400.0;

    public int CL { get; init; } = 34;           // READ to first data (tAA)
    public int CWL { get; init; } = 32;          // WRITE to first data
    public int BurstLength { get; init; } = 16;  // BL16: 64 B on a 32-bit sub-channel, occupies BL/2 nCK
    public int tRCD { get; init; } = 34;
    public int tRP { get; init; } = 34;
    public int tRAS { get; init; } = 77;
    public int tRC { get; init; } = 111;
    public int tWR { get; init; } = 72;          // write recovery, counted from the end of the write burst
    public int tRTP { get; init; } = 18;
    public int tCCD_S { get; init; } = 8;
    public int tCCD_L { get; init; } = 12;
    public int tCCD_L_WR { get; init; } = 48;    // WRITE to WRITE, same bank group
    public int tCCD_S_WTR { get; init; } = 46;   // WRITE to READ, different bank group (CWL + BL/2 + tWTR_S)
    public int tCCD_L_WTR { get; init; } = 64;   // WRITE to READ, same bank group (CWL + BL/2 + tWTR_L)
    public int tRRD_S { get; init; } = 8;
    public int tRRD_L { get; init; } = 12;
    public int tFAW { get; init; } = 40;         // x4 devices (x8/x16: 32)
    public int tRTW { get; init; } = 12;         // [JEDEC] READ to WRITE bus turnaround: CL − CWL + BL/2 + 2
    public int tREFI { get; init; } = 9360;      // 3.9 µs
    public int tRFC { get; init; } = 708;        // tRFC1, 16 Gb device: 295 ns
    public int CommandCycles { get; init; } = 2; // 2N: one command every 2 nCK per sub-channel

    /// <summary>Data-bus occupancy of one burst (BL/2 nCK).</summary>
    public int BurstCycles => BurstLength / 2;

    /// <summary>tCK in nanoseconds.</summary>
    public double TckNs => 1000.0 / ClockMHz;

    /// <summary>The DDR5-4800AN set (Ramulator2 preset, 16 Gb x4 devices; docs/spec/dram.md).</summary>
    public static Ddr5Timing Ddr5_4800AN { get; } = new();

    /// <summary>Converts a duration in ns to nCK, rounding up (JEDEC convention for minimum times).</summary>
    public int NsToCycles(double ns) => (int)Math.Ceiling(ns * ClockMHz / 1000.0 - 1e-9);

    public double CyclesToNs(long cycles) => cycles * TckNs;

    internal void Validate()
    {
        static void Positive(int v, string name)
        {
            if (v <= 0) throw new ArgumentException($"Ddr5Timing.{name} must be positive (got {v}).");
        }
        if (!(ClockMHz > 0)) throw new ArgumentException($"Ddr5Timing.ClockMHz must be positive (got {ClockMHz}).");
        Positive(CL, nameof(CL)); Positive(CWL, nameof(CWL)); Positive(tRCD, nameof(tRCD));
        Positive(tRP, nameof(tRP)); Positive(tRAS, nameof(tRAS)); Positive(tRC, nameof(tRC));
        Positive(tWR, nameof(tWR)); Positive(tRTP, nameof(tRTP)); Positive(tCCD_S, nameof(tCCD_S));
        Positive(tCCD_L, nameof(tCCD_L)); Positive(tCCD_L_WR, nameof(tCCD_L_WR));
        Positive(tCCD_S_WTR, nameof(tCCD_S_WTR)); Positive(tCCD_L_WTR, nameof(tCCD_L_WTR));
        Positive(tRRD_S, nameof(tRRD_S)); Positive(tRRD_L, nameof(tRRD_L)); Positive(tFAW, nameof(tFAW));
        Positive(tRTW, nameof(tRTW)); Positive(tREFI, nameof(tREFI)); Positive(tRFC, nameof(tRFC));
        Positive(CommandCycles, nameof(CommandCycles));
        if (BurstLength <= 0 || BurstLength % 2 != 0)
            throw new ArgumentException($"Ddr5Timing.BurstLength must be a positive even number (got {BurstLength}).");
        if (tRC < tRAS + tRP)
            throw new ArgumentException($"Ddr5Timing.tRC ({tRC}) must be at least tRAS + tRP ({tRAS + tRP}).");
        if (tCCD_S < BurstCycles)
            throw new ArgumentException($"Ddr5Timing.tCCD_S ({tCCD_S}) must cover the burst (BL/2 = {BurstCycles}); the model relies on it for data-bus exclusivity.");
        if (tRFC >= tREFI)
            throw new ArgumentException($"Ddr5Timing.tRFC ({tRFC}) must be shorter than tREFI ({tREFI}).");
    }
}
