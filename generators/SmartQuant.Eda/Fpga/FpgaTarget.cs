namespace SmartQuant.Eda;

/// <summary>The resource columns every FPGA target's cells are sorted into.</summary>
public enum FpgaColumn
{
    /// <summary>Logic look-up tables (LUT4 on iCE40/ECP5, LUT1..LUT6 on Xilinx 7-series).</summary>
    Lut,
    /// <summary>Flip-flops of the fabric (every enable/reset flavour).</summary>
    FlipFlop,
    /// <summary>Hard carry-chain cells (SB_CARRY, CCU2C, CARRY4).</summary>
    Carry,
    /// <summary>Hard multipliers / DSP slices.</summary>
    Dsp,
    /// <summary>Block RAMs (SB_RAM40_4K, SB_SPRAM256KA, DP16KD, RAMB18E1/RAMB36E1).</summary>
    BlockRam,
    /// <summary>LUTs used as memory or shift registers (ECP5 TRELLIS_DPR16X4, Xilinx RAM32M/SRL16E …); iCE40 has none.</summary>
    LutRam,
    /// <summary>Everything else that is a primitive: wide-function muxes (PFUMX, MUXF7), clock and IO buffers.</summary>
    Other,
}

/// <summary>
/// One yosys FPGA flow: the synth script it runs and how its cell library maps onto <see cref="FpgaColumn"/>s.
/// All cell-library knowledge lives in <see cref="All"/>, one table per target, so adding a target is one entry.
/// </summary>
/// <param name="Name">Name on the command line (`--target`).</param>
/// <param name="SynthCommand">The yosys command, without -top; it must keep the hierarchy so modules are counted one by one.</param>
/// <param name="Part">What the cell library is for, as the docs and the report name it.</param>
/// <param name="Cells">Cell type → column; a name ending in '*' matches every type with that prefix.</param>
public sealed record FpgaTarget(string Name, string SynthCommand, string Part, IReadOnlyList<(string Cell, FpgaColumn Column)> Cells)
{
    /// <summary>The column of a mapped cell type, or null when the type is not one of this target's primitives
    /// (a submodule instance in a hierarchical netlist).</summary>
    public FpgaColumn? ColumnOf(string cellType)
    {
        foreach (var (cell, column) in Cells)
        {
            if (cell.EndsWith('*') ? cellType.StartsWith(cell[..^1], StringComparison.Ordinal) : cellType == cell) return column;
        }
        return null;
    }

    public static FpgaTarget Ice40 { get; } = new("ice40", "synth_ice40 -noflatten -dsp", "Lattice iCE40 UltraPlus (UP5K: 5280 LCs, 30 BRAM 4K, 4 SPRAM, 8 DSP)",
    [
        ("SB_LUT4", FpgaColumn.Lut),
        ("SB_DFF*", FpgaColumn.FlipFlop),
        ("SB_CARRY", FpgaColumn.Carry),
        ("SB_MAC16", FpgaColumn.Dsp),
        ("SB_RAM40_4K*", FpgaColumn.BlockRam),
        ("SB_SPRAM256KA", FpgaColumn.BlockRam),
        ("SB_IO", FpgaColumn.Other),
        ("SB_GB*", FpgaColumn.Other),
    ]);

    public static FpgaTarget Ecp5 { get; } = new("ecp5", "synth_ecp5 -noflatten", "Lattice ECP5 (LUT4 slices, DP16KD 18 Kb BRAM, MULT18X18D)",
    [
        ("LUT4", FpgaColumn.Lut),
        ("TRELLIS_FF", FpgaColumn.FlipFlop),
        ("CCU2C", FpgaColumn.Carry),
        ("MULT18X18D", FpgaColumn.Dsp),
        ("ALU54B", FpgaColumn.Dsp),
        ("DP16KD", FpgaColumn.BlockRam),
        ("PDPW16KD", FpgaColumn.BlockRam),
        ("TRELLIS_DPR16X4", FpgaColumn.LutRam),
        ("PFUMX", FpgaColumn.Other),
        ("L6MUX21", FpgaColumn.Other),
        ("TRELLIS_IO", FpgaColumn.Other),
    ]);

    public static FpgaTarget Xilinx { get; } = new("xilinx", "synth_xilinx -family xc7", "Xilinx 7-series (LUT6, CARRY4, RAMB18E1/RAMB36E1, DSP48E1)",
    [
        ("LUT1", FpgaColumn.Lut), ("LUT2", FpgaColumn.Lut), ("LUT3", FpgaColumn.Lut),
        ("LUT4", FpgaColumn.Lut), ("LUT5", FpgaColumn.Lut), ("LUT6", FpgaColumn.Lut),
        ("FDRE", FpgaColumn.FlipFlop), ("FDSE", FpgaColumn.FlipFlop), ("FDCE", FpgaColumn.FlipFlop), ("FDPE", FpgaColumn.FlipFlop),
        ("FDRE_1", FpgaColumn.FlipFlop), ("FDSE_1", FpgaColumn.FlipFlop),
        ("CARRY4", FpgaColumn.Carry),
        ("DSP48E1", FpgaColumn.Dsp),
        ("RAMB18E1", FpgaColumn.BlockRam), ("RAMB36E1", FpgaColumn.BlockRam),
        ("RAM32M", FpgaColumn.LutRam), ("RAM64M", FpgaColumn.LutRam), ("RAM32X1D", FpgaColumn.LutRam),
        ("RAM64X1D", FpgaColumn.LutRam), ("RAM128X1D", FpgaColumn.LutRam), ("RAM256X1S", FpgaColumn.LutRam),
        ("RAM32X1S", FpgaColumn.LutRam), ("RAM64X1S", FpgaColumn.LutRam), ("RAM128X1S", FpgaColumn.LutRam),
        ("SRL16E", FpgaColumn.LutRam), ("SRLC32E", FpgaColumn.LutRam),
        ("MUXF7", FpgaColumn.Other), ("MUXF8", FpgaColumn.Other),
        ("BUFG", FpgaColumn.Other), ("IBUF", FpgaColumn.Other), ("OBUF", FpgaColumn.Other), ("INV", FpgaColumn.Other),
        ("VCC", FpgaColumn.Other), ("GND", FpgaColumn.Other),
    ]);

    /// <summary>The FPGA targets of `smartquant synth --target` (generic yosys synth is handled by <see cref="SynthGate"/>).</summary>
    public static IReadOnlyList<FpgaTarget> All { get; } = [Ice40, Ecp5, Xilinx];

    public static FpgaTarget Find(string name) =>
        All.FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"unknown FPGA target '{name}' (targets: generic, {string.Join(", ", All.Select(t => t.Name))})");
}
