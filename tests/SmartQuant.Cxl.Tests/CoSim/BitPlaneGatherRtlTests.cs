using System.Globalization;
using System.Text;
using SmartQuant.Emit;
using SmartQuant.Eda;
using SmartQuant.Hw;
using SmartQuant.Hw.Cxl;
using SmartQuant.Models.Cxl;
using SmartQuant.Quant.BitPlanes;

namespace SmartQuant.Cxl.Tests.CoSim;

/// <summary>
/// The emitted bit-plane gather — guard rounding, then the word selection with its <c>plane_group_codes</c> words (the
/// store registers between the two; here they are wired directly) — in iverilog, on every k, format, rounding and
/// line: each returned line equals the quantization core's k-bit view of the same weights and the golden model's
/// gather. The co-simulations reach only the aliases their scenarios program; this covers every combination.
/// </summary>
public class BitPlaneGatherRtlTests
{
    [Fact]
    public void Every_line_of_every_view_matches_the_k_bit_view_and_the_golden_gather()
    {
        var rng = new Random(17);
        var blocks = Enumerable.Range(0, 3).Select(i =>
        {
            var w = new sbyte[CxlStoreConfig.BlockWeights];
            for (var j = 0; j < w.Length; j++)
                w[j] = i == 0 ? (sbyte)rng.Next(-128, 128) : i == 1 ? (sbyte)(j % 2 == 0 ? 127 : -128) : (sbyte)rng.Next(120, 128); // random, extremes, rounding overflow
            return w;
        }).ToArray();

        // One vector per (block, k, format, round, line): planes of the block (slot s = weight bit 7 − s) and the controls.
        var vectors = new List<(int Block, int K, RegionFormat Format, bool Round, int Line)>();
        for (var b = 0; b < blocks.Length; b++)
            for (var k = 1; k <= 8; k++)
                foreach (var f in new[] { RegionFormat.Packed, RegionFormat.Padded, RegionFormat.Passthrough })
                    foreach (var round in new[] { false, true })
                        for (var l = 0; l < (f == RegionFormat.Packed ? k : 8); l++) vectors.Add((b, k, f, round, l));

        var dir = Directory.CreateTempSubdirectory("cxl-gather-").FullName;
        try
        {
            var files = VerilogEmitter.Emit(DesignCatalog.Find("cxl-store").Elaborate(CxlStoreConfig.Compact));
            OutputWriter.WriteAll(dir, files);
            var slots = new StringBuilder();
            var ctrl = new StringBuilder();
            foreach (var v in vectors)
            {
                foreach (var plane in Planes(blocks[v.Block])) slots.AppendLine(Hex(plane));
                ctrl.AppendLine(((v.Line << 7) | ((v.Round ? 1 : 0) << 6) | ((int)v.Format << 4) | v.K).ToString("x3", CultureInfo.InvariantCulture));
            }
            File.WriteAllText(Path.Combine(dir, "slots.hex"), slots.ToString());
            File.WriteAllText(Path.Combine(dir, "ctrl.hex"), ctrl.ToString());
            File.WriteAllText(Path.Combine(dir, "tb.v"), Bench(vectors.Count));
            var gatherFiles = files.Select(f => f.Name).Where(n => n.StartsWith("bit_plane_gather", StringComparison.Ordinal) || n.StartsWith("plane_group_codes", StringComparison.Ordinal)
                || n.StartsWith("guard_rounding", StringComparison.Ordinal)).ToList();
            Assert.Equal(3, gatherFiles.Count);
            var c = ToolRunner.Run("iverilog", ["-g2005", "-s", "tb", "-o", "gather.vvp", "tb.v", .. gatherFiles], dir);
            Assert.True(c.ExitCode == 0, c.Combined);
            var r = ToolRunner.Run("vvp", ["-n", "gather.vvp"], dir);
            Assert.True(r.ExitCode == 0, r.Combined);
            var lines = File.ReadAllLines(Path.Combine(dir, "out.hex"));
            Assert.Equal(vectors.Count, lines.Length);

            for (var i = 0; i < vectors.Count; i++)
            {
                var v = vectors[i];
                var weights = blocks[v.Block];
                var rtl = Convert.FromHexString(lines[i]).Reverse().ToArray();          // byte 0 = data[7:0]
                var entry = new BufferEntry(Planes(weights)) { K = v.K, Format = (int)v.Format, Round = v.Round };
                var golden = CxlStoreModel.Gather(entry, v.Line).SelectMany(BitConverter.GetBytes).ToArray();
                byte[] expected;
                if (v.Format == RegionFormat.Passthrough) expected = Bytes(Planes(weights)[0]);
                else
                {
                    var view = new KBitView(BitPlaneStore.FromInt8(weights), v.K, v.Format == RegionFormat.Packed ? AliasFormat.Packed : AliasFormat.Padded,
                        v.Round ? ViewRounding.GuardPlane : ViewRounding.Truncate).ReadAll();
                    expected = view.AsSpan(64 * v.Line, 64).ToArray();
                }
                Assert.True(expected.SequenceEqual(rtl), $"RTL vector {i}: {v}");
                Assert.True(expected.SequenceEqual(golden), $"golden vector {i}: {v}");
            }
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>Slot s of a block: bit 7 − s of every weight (bit w of the plane = weight w).</summary>
    private static ulong[][] Planes(sbyte[] w) =>
        [.. Enumerable.Range(0, 8).Select(s =>
        {
            var p = new ulong[8];
            for (var j = 0; j < w.Length; j++) p[j >> 6] |= (ulong)(((byte)w[j] >> (7 - s)) & 1) << (j & 63);
            return p;
        })];

    private static byte[] Bytes(ulong[] line) => [.. line.SelectMany(BitConverter.GetBytes)];

    private static string Hex(ulong[] line) => Convert.ToHexStringLower([.. Bytes(line).Reverse()]);

    private static string Bench(int n) => $$"""
`timescale 1ns/1ps
module tb;
  reg [511:0] slots [0:{{8 * n - 1}}];
  reg [9:0] ctrl [0:{{n - 1}}];
  reg [511:0] s0, s1, s2, s3, s4, s5, s6, s7; reg [3:0] k; reg [1:0] format; reg round; reg [2:0] line;
  wire [511:0] data, p0, p1, p2, p3, p4, p5, p6, p7;
  guard_rounding rnd(.slots_0(s0), .slots_1(s1), .slots_2(s2), .slots_3(s3), .slots_4(s4), .slots_5(s5), .slots_6(s6), .slots_7(s7),
    .k(k), .format(format), .round(round), .kept_0(p0), .kept_1(p1), .kept_2(p2), .kept_3(p3), .kept_4(p4), .kept_5(p5), .kept_6(p6), .kept_7(p7));
  bit_plane_gather dut(.kept_0(p0), .kept_1(p1), .kept_2(p2), .kept_3(p3), .kept_4(p4), .kept_5(p5), .kept_6(p6), .kept_7(p7),
    .k(k), .format(format), .line(line), .data(data));
  integer i, f;
  initial begin
    $readmemh("slots.hex", slots); $readmemh("ctrl.hex", ctrl);
    f = $fopen("out.hex", "w");
    for (i = 0; i < {{n}}; i = i + 1) begin
      s0 = slots[8*i]; s1 = slots[8*i+1]; s2 = slots[8*i+2]; s3 = slots[8*i+3];
      s4 = slots[8*i+4]; s5 = slots[8*i+5]; s6 = slots[8*i+6]; s7 = slots[8*i+7];
      {line, round, format, k} = ctrl[i];
      #1 $fdisplay(f, "%h", data);
    end
    $fclose(f);
    $finish;
  end
endmodule
""";
}
