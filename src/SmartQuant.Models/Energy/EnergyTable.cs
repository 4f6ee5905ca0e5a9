using SmartQuant.Models.Dram;

namespace SmartQuant.Models.Energy;

/// <summary>The price of one action, in attojoules (10⁻¹⁸ J, an integer so energies sum exactly), and where it comes from.</summary>
public sealed record ActionEnergy(long Attojoules, string Source)
{
    public double Picojoules => Attojoules / 1e6;
}

/// <summary>
/// Per-action energy table (docs/energy-model.md lists every entry with its source). The default is the 45 nm
/// table: arithmetic and SRAM from M. Horowitz, "Computing's energy problem (and what we can do about it)", ISSCC
/// 2014 (45 nm, 0.9 V), unscaled; register bits and the ReCoN/merge/decoder entries are our estimates built from
/// those figures; DRAM comes from our DDR5 model (<see cref="DramReadBitFromModel"/>).
/// </summary>
public sealed class EnergyTable
{
    private readonly Dictionary<EnergyAction, ActionEnergy> _entries;

    public EnergyTable(IReadOnlyDictionary<EnergyAction, ActionEnergy> entries)
    {
        foreach (var a in EnergyActions.All)
            if (!entries.ContainsKey(a)) throw new ArgumentException($"energy table has no entry for '{a.Name}'");
        _entries = new(entries);
    }

    public ActionEnergy this[EnergyAction a] => _entries[a];

    /// <summary>A copy with one entry replaced (calibration, or a design's own figure).</summary>
    public EnergyTable With(EnergyAction a, ActionEnergy e) => new(new Dictionary<EnergyAction, ActionEnergy>(_entries) { [a] = e });

    // Horowitz ISSCC 2014, 45 nm: 8-bit multiply 0.2 pJ, 32-bit add 0.1 pJ, 8-bit add 0.03 pJ, 64-bit read of a 32 KB SRAM 20 pJ.
    private const long Mult8x8 = 200_000, Add32 = 100_000, Add8 = 30_000, Sram32KbRead64 = 20_000_000;

    /// <summary>The 45 nm table with DRAM priced by <paramref name="dram"/> (default: our DDR5-4800 configuration).</summary>
    public static EnergyTable Default45nm(DramConfig? dram = null) => new(new Dictionary<EnergyAction, ActionEnergy>
    {
        // A multiplier's energy grows with its partial-product bits (a·b): 4×8 is half of 8×8, 2×8 a quarter.
        [EnergyActions.Mac8x8] = new(Mult8x8 + Add32, "Horowitz 2014: 8-bit multiply 0.2 pJ + 32-bit add 0.1 pJ"),
        [EnergyActions.Mac4x8] = new(Mult8x8 * 32 / 64 + Add32, "Horowitz 2014 8-bit multiply scaled by partial-product bits (32/64) + 32-bit add"),
        [EnergyActions.Mac2x8] = new(Mult8x8 * 16 / 64 + Add32, "Horowitz 2014 8-bit multiply scaled by partial-product bits (16/64) + 32-bit add"),
        [EnergyActions.RegisterBit] = new(Add32 / 32, "estimate: one pipeline flip-flop bit ≈ one bit of a 32-bit add (Horowitz 2014: 0.1 pJ / 32)"),
        [EnergyActions.SramReadBit] = new(Sram32KbRead64 / 64, "Horowitz 2014: 32 KB SRAM, 64-bit read 20 pJ"),
        [EnergyActions.SramWriteBit] = new(Sram32KbRead64 / 64, "estimate: write priced as the read (Horowitz gives reads only)"),
        [EnergyActions.ReconSwitch] = new(Add32, "estimate: one 2×2 switch pass ≈ one 32-bit add (Horowitz 2014)"),
        [EnergyActions.MergeLane] = new(2 * Add32, "estimate: a lane's shift and add ≈ two 32-bit adds (Horowitz 2014)"),
        [EnergyActions.OlivePairDecode] = new(2 * Add8, "estimate: identifier compare + abfloat shift ≈ two 8-bit adds (Horowitz 2014)"),
        [EnergyActions.DramReadBit] = new(DramReadBitFromModel(dram ?? DramConfig.Default), "our DDR5-4800 model: sequential read stream, all energy (ACT, RD, background) per bit"),
    });

    /// <summary>
    /// DRAM energy per weight bit: a sequential stream of 4096 lines (256 KB) through the DDR5 model
    /// (docs/dram-model.md), its whole energy report (activates, reads, refresh, background) divided by the bits
    /// delivered, rounded to the attojoule. Weights are read once per layer in one long sequential stream.
    /// </summary>
    public static long DramReadBitFromModel(DramConfig dram)
    {
        const long lines = 4096;
        var s = DramAnalysis.MeasureReadStream(dram, 0, lines);
        return (long)Math.Round(s.Energy.TotalPj * 1e6 / (lines * DramConfig.LineBytes * 8));
    }

    /// <summary>Sustained sequential read bandwidth of the DDR5 model (bytes/s), same stream as <see cref="DramReadBitFromModel"/>.</summary>
    public static double DramStreamBandwidth(DramConfig dram) => DramAnalysis.MeasureReadStream(dram, 0, 4096).BytesPerSecond;
}
