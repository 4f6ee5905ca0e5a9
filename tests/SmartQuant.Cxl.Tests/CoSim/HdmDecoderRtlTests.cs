using SmartQuant.Emit;
using SmartQuant.Eda;
using SmartQuant.Hw;
using SmartQuant.Hw.Cxl;

namespace SmartQuant.Cxl.Tests.CoSim;

/// <summary>
/// The emitted HDM decoder against a behavioural Verilog reference of the decode (iverilog, random programming and
/// host lines). The co-simulation only reaches small offsets, so the divide-by-3 prefix's upper bits and the DPA
/// width check are exercised here: offsets of every length up to 46 bits, 1/2/4/8/16 and 3/6/12 ways, every IG.
/// The decoder has a register inside (advance held high here): a line's decode is checked one clock after it is applied.
/// </summary>
public class HdmDecoderRtlTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Decode_matches_the_reference_for_offsets_of_every_length(bool compact)
    {
        var cfg = compact ? CxlStoreConfig.Compact : new CxlStoreConfig();
        var dir = Directory.CreateTempSubdirectory("cxl-hdm-").FullName;
        try
        {
            OutputWriter.WriteAll(dir, VerilogEmitter.Emit(DesignCatalog.Find("cxl-store").Elaborate(cfg)));
            File.WriteAllText(Path.Combine(dir, "tb.v"), Bench);
            var c = ToolRunner.Run("iverilog", ["-g2005", "-s", "tb", $"-Ptb.DW={cfg.DpaLineBits}", "-o", "hdm.vvp", "tb.v", "hdm_decoder.v"], dir);
            Assert.True(c.ExitCode == 0, c.Combined);
            var r = ToolRunner.Run("vvp", ["-n", "hdm.vvp"], dir);
            var line = r.StdOut.Split('\n').Single(l => l.StartsWith("vectors="));
            var f = line.Split(' ').Select(kv => kv.Split('=')).ToDictionary(kv => kv[0], kv => long.Parse(kv[1]));
            Assert.True(f["errors"] == 0, r.StdOut);
            Assert.Equal(500 * 64, f["vectors"]);
            Assert.True(f["modulo"] > 10_000 && f["in_range"] > 5_000, line);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private const string Bench = """
`timescale 1ns/1ps
module tb;
  parameter DW = 34;
  parameter GROUPS = 500;
  reg clk = 0, rst = 1, wr_valid = 0; reg [7:0] wr_addr = 0; reg [63:0] wr_data = 0; reg [45:0] hpa_line = 0;
  wire in_range; wire [DW-1:0] dpa_line; reg [7:0] rd_addr = 0; wire [63:0] rd_data;
  hdm_decoder dut(.clk(clk), .rst(rst), .wr_valid(wr_valid), .wr_addr(wr_addr), .wr_data(wr_data), .hpa_line(hpa_line), .advance(1'b1), .in_range(in_range), .dpa_line(dpa_line),
    .rd_addr(rd_addr), .rd_data(rd_data));
  always #5 clk = ~clk;
  reg [45:0] base, size; reg [9:0] ctrl; reg legal;
  reg [45:0] off, c, d, high, dpa, lowmask; reg [3:0] ig, iw, e; reg ref_in;
  integer n, k, errors = 0, inr = 0, mod = 0, sh;
  task wr(input [7:0] a, input [63:0] v); begin @(negedge clk); wr_valid = 1; wr_addr = a; wr_data = v; @(negedge clk); wr_valid = 0; end endtask
  function [45:0] r46; input x; begin r46 = {$random, $random}; end endfunction
  initial begin
    @(negedge clk); @(negedge clk); rst = 0;
    for (n = 0; n < GROUPS; n = n + 1) begin
      base = r46(0) >> ($random & 63); size = r46(0) >> ($random & 31);
      ig = $unsigned($random) % 7; iw = ($random & 1) ? 8 + $unsigned($random) % 3 : $unsigned($random) % 16;
      ctrl = {($random & 7) != 0, 1'b0, iw, ig};   // Commit [9] mostly set, Lock On Commit [8] clear
      legal = ig <= 6 && (iw <= 4 || (iw >= 8 && iw <= 10));
      wr(0, base); wr(1, size); wr(2, ctrl);
      for (k = 0; k < 64; k = k + 1) begin
        sh = $unsigned($random) % 47;
        hpa_line = ($random & 15) == 0 ? r46(0) : base + (r46(0) >> sh);
        @(negedge clk);
        off = hpa_line - base;
        e = iw[3] ? {2'b0, iw[1:0]} : iw;
        c = off >> (2 + ig + e);
        d = iw[3] ? c / 3 : c;
        high = d << (2 + ig);
        lowmask = (46'd1 << (2 + ig)) - 1;
        dpa = high | (off & lowmask);
        ref_in = ctrl[9] && legal && hpa_line >= base && off < size && (dpa >> DW) == 0;
        if (ref_in) inr = inr + 1;
        if (iw[3]) mod = mod + 1;
        rd_addr = 2; #1;
        if (rd_data !== {52'd0, !legal && ctrl[9], legal && ctrl[9], ctrl}) begin
          errors = errors + 1;
          if (errors < 10) $display("MISMATCH control read back %h, wrote %h (legal %b)", rd_data, ctrl, legal);
        end
        if (in_range !== ref_in || dpa_line !== dpa[DW-1:0]) begin
          errors = errors + 1;
          if (errors < 10) $display("MISMATCH hpa=%h base=%h ig=%0d iw=%0d: rtl %b %h ref %b %h", hpa_line, base, ig, iw, in_range, dpa_line, ref_in, dpa[DW-1:0]);
        end
      end
    end
    // Lock On Commit: once committed, base, size and control ignore writes until reset.
    wr(0, 46'd4096); wr(1, 46'd4096); wr(2, {1'b1, 1'b1, 4'd0, 4'd0});
    wr(0, 46'd8192); wr(2, 10'd0);
    rd_addr = 0; #1; if (rd_data !== 64'd4096) begin errors = errors + 1; $display("MISMATCH locked base changed to %h", rd_data); end
    rd_addr = 2; #1; if (rd_data[10] !== 1'b1) begin errors = errors + 1; $display("MISMATCH locked decoder de-committed"); end
    hpa_line = 46'd4100; @(negedge clk); if (in_range !== 1'b1) begin errors = errors + 1; $display("MISMATCH locked decoder stopped decoding"); end
    $display("vectors=%0d modulo=%0d in_range=%0d errors=%0d", n * 64, mod, inr, errors);
    $finish;
  end
endmodule
""";
}
