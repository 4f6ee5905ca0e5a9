using SmartQuant.Eda;

namespace SmartQuant.Hdl.Tests;

/// <summary>
/// Reading the FPGA tools' output without running them: yosys `stat` after synth_ice40 / synth_xilinx and
/// nextpnr-ice40's JSON report and log, captured from real runs (yosys 0.23, nextpnr-ice40 0.4).
/// </summary>
public class FpgaParseTests
{
    /// <summary>synth_ice40 -noflatten -dsp of mac-array 2×2 (wire and memory lines trimmed).</summary>
    private const string Ice40MacArrayStat = """

        4. Printing statistics.

        === mac_array ===

           Number of wires:                 53
           Number of cells:                  4
             mac_pe                          4

        === mac_pe ===

           Number of wires:                 15
           Number of cells:                 51
             SB_DFFESR                      48
             SB_LUT4                         2
             SB_MAC16                        1

        === design hierarchy ===

           mac_array                         1
             mac_pe                          4

           Number of wires:                113
           Number of cells:                204
             SB_DFFESR                     192
             SB_LUT4                         8
             SB_MAC16                        4

        """;

    /// <summary>synth_xilinx -family xc7 of the default fifo: one module, so no hierarchy section.</summary>
    private const string XilinxFifoStat = """
        === fifo ===

           Number of wires:                 98
           Number of memories:               0
           Number of cells:                141
             BUFG                            1
             CARRY4                          6
             FDRE                           14
             IBUF                           36
             INV                             2
             LUT1                            8
             LUT2                            5
             LUT5                            2
             LUT6                           10
             MUXF7                           8
             MUXF8                           4
             OBUF                           39
             RAM32M                          6

        """;

    [Fact]
    public void Ice40_stat_is_sorted_into_columns_per_module_and_for_the_hierarchy()
    {
        var r = FpgaSynthGate.Parse(Ice40MacArrayStat, "mac_array", FpgaTarget.Ice40);
        Assert.Equal(["mac_array", "mac_pe"], r.Modules.Select(m => m.Module));
        var array = r.Modules[0];
        Assert.All(Enum.GetValues<FpgaColumn>(), c => Assert.Equal(0, array[c])); // only the four instances
        var pe = r.Modules[1];
        Assert.Equal((2, 48, 0, 1, 0), (pe.Luts, pe.FlipFlops, pe.Carries, pe.Dsps, pe.BlockRams));
        Assert.Equal("mac_array", r.Total.Module);
        Assert.Equal((8, 192, 4), (r.Total.Luts, r.Total.FlipFlops, r.Total.Dsps));
    }

    [Fact]
    public void Xilinx_single_module_stat_is_its_own_total_and_every_cell_lands_in_one_column()
    {
        var r = FpgaSynthGate.Parse(XilinxFifoStat, "fifo", FpgaTarget.Xilinx);
        var t = r.Total;
        Assert.Equal(25, t.Luts);
        Assert.Equal(14, t.FlipFlops);
        Assert.Equal(6, t.Carries);
        Assert.Equal(6, t.LutRams);
        Assert.Equal(0, t.BlockRams);
        Assert.Equal(90, t[FpgaColumn.Other]); // buffers and wide muxes
        Assert.Equal(141, t.Counts.Values.Sum());
    }

    [Fact]
    public void A_cell_type_the_target_table_does_not_know_is_an_error_not_a_silent_zero()
    {
        var stat = XilinxFifoStat.Replace("RAM32M", "$_AND_", StringComparison.Ordinal);
        Assert.NotEqual(XilinxFifoStat, stat);
        var e = Assert.Throws<InvalidOperationException>(() => FpgaSynthGate.Parse(stat, "fifo", FpgaTarget.Xilinx));
        Assert.Contains("'$_AND_'", e.Message);
        // The same library names mean nothing to another target.
        Assert.Throws<InvalidOperationException>(() => FpgaSynthGate.Parse(XilinxFifoStat, "fifo", FpgaTarget.Ecp5));
    }

    [Fact]
    public void Target_tables_match_prefixes_only_where_asked()
    {
        Assert.Equal(FpgaColumn.FlipFlop, FpgaTarget.Ice40.ColumnOf("SB_DFFESR"));
        Assert.Equal(FpgaColumn.BlockRam, FpgaTarget.Ice40.ColumnOf("SB_RAM40_4KNR"));
        Assert.Null(FpgaTarget.Ice40.ColumnOf("SB_LUT4X"));
        Assert.Equal(FpgaColumn.LutRam, FpgaTarget.Ecp5.ColumnOf("TRELLIS_DPR16X4"));
        Assert.Equal(FpgaColumn.Dsp, FpgaTarget.Xilinx.ColumnOf("DSP48E1"));
        Assert.Throws<ArgumentException>(() => FpgaTarget.Find("virtex2"));
    }

    /// <summary>nextpnr-ice40 --report of the fifo on hx8k, with a second (invented) clock added to check the choice.</summary>
    private const string NextpnrReport = """
        {"critical_paths": [],
         "fmax": {"clk$SB_IO_IN_$glb_clk": {"achieved": 109.85389709472656, "constraint": 12},
                  "other_clk": {"achieved": 250.5, "constraint": 12}},
         "utilization": {"ICESTORM_LC": {"available": 7680, "used": 108}, "ICESTORM_PLL": {"available": 2, "used": 0},
                         "ICESTORM_RAM": {"available": 32, "used": 2}, "SB_GB": {"available": 8, "used": 1},
                         "SB_IO": {"available": 256, "used": 75}, "SB_WARMBOOT": {"available": 1, "used": 0}}}
        """;

    [Fact]
    public void Nextpnr_report_gives_the_slowest_clock_and_the_utilization()
    {
        var (fmax, constraint, use) = Ice40PnrGate.ParseReport(NextpnrReport);
        Assert.Equal(109.85389709472656, fmax);
        Assert.Equal(12.0, constraint);
        Assert.Equal(new PnrUse("ICESTORM_LC", 108, 7680), use.Single(u => u.Resource == "ICESTORM_LC"));
        Assert.Equal(new PnrUse("ICESTORM_RAM", 2, 32), use.Single(u => u.Resource == "ICESTORM_RAM"));
        Assert.Equal(6, use.Count);
        Assert.Throws<InvalidDataException>(() => Ice40PnrGate.ParseReport("""{"fmax": {}, "utilization": {}}"""));
    }

    /// <summary>nextpnr-ice40 log of the bare fifo (75 IO cells) on up5k sg48, whose package has fewer pins.</summary>
    private const string NextpnrIoOverflowLog = """
        Info: Device utilisation:
        Info: 	         ICESTORM_LC:   108/ 5280     2%
        Info: 	        ICESTORM_RAM:     2/   30     6%
        Info: 	               SB_IO:    75/   96    78%
        Info: 	               SB_GB:     1/    8    12%
        Info: 	        ICESTORM_PLL:     0/    1     0%

        Info: Placed 0 cells based on constraints.
        ERROR: Unable to find a placement location for cell 'count[2]$sb_io'
        1 warning, 1 error
        """;

    [Fact]
    public void Nextpnr_log_utilisation_and_too_big_diagnosis()
    {
        var use = Ice40PnrGate.ParseUtilizationLog(NextpnrIoOverflowLog);
        Assert.Equal(5, use.Count);
        Assert.Equal(new PnrUse("SB_IO", 75, 96), use[2]);
        Assert.Equal("no placement site left for cell 'count[2]$sb_io'", Ice40PnrGate.TooBig(NextpnrIoOverflowLog));
        var lcOverflow = NextpnrIoOverflowLog.Replace("108/ 5280     2%", "6012/ 5280   113%");
        Assert.Equal("needs 6012 ICESTORM_LC, the device has 5280", Ice40PnrGate.TooBig(lcOverflow));
        Assert.Null(Ice40PnrGate.TooBig("ERROR: something else entirely"));
    }
}
