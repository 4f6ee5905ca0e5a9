using System.Text.RegularExpressions;
using SmartQuant.Emit;
using SmartQuant.Eda;
using SmartQuant.Hw;
using SmartQuant.Hw.MacArray;

namespace SmartQuant.Hdl.Tests;

/// <summary>
/// The longest combinational path of `SynthGate` (LogicDepth): gate levels between registers and ports on hand-made
/// netlists whose depth is known, and the same count as yosys' own `flatten; ltp -noff` on a generated design.
/// </summary>
public class LogicDepthTests
{
    /// <summary>Writes Verilog files and the files.f SynthGate reads.</summary>
    private static void Write(TempDir dir, params (string File, string Text)[] files)
    {
        foreach (var (file, text) in files) File.WriteAllText(Path.Combine(dir.Path, file), text);
        File.WriteAllLines(Path.Combine(dir.Path, "files.f"), files.Select(f => f.File));
    }

    /// <summary>
    /// x_k = x_(k-1) XOR r[k]: n XOR gates in a row between register r and register q. The registers have a
    /// synchronous reset and an enable, so the flip-flops are $_SDFFE_ cells that must break the path too.
    /// </summary>
    private static string XorChain(int n) => $$"""
        module chain(input clk, input rst, input en, input [{{n}}:0] a, output reg q);
            reg [{{n}}:0] r;
            wire [{{n}}:0] x;
            assign x[0] = r[0];
            genvar k;
            generate for (k = 1; k <= {{n}}; k = k + 1) begin : g
                assign x[k] = x[k - 1] ^ r[k];
            end endgenerate
            always @(posedge clk) begin
                if (rst) begin r <= 0; q <= 1'b0; end
                else if (en) begin r <= a; q <= x[{{n}}]; end
            end
        endmodule
        """;

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(9)]
    public void A_chain_of_n_xors_between_two_registers_is_n_levels(int n)
    {
        using var dir = new TempDir();
        Write(dir, ("chain.v", XorChain(n)));
        var path = SynthGate.Run(dir.Path, "chain", depth: true).Path!;

        Assert.Equal(n, path.Levels);
        Assert.Matches(@"^r\[[01]\]$", path.Start.Name); // the first XOR's inputs, r[0] and r[1], tie
        Assert.Equal("register", path.Start.Kind);
        Assert.Equal(new PathPoint("q", "register, data input"), path.End);
    }

    [Fact]
    public void Paths_cross_module_boundaries_and_end_at_enables_and_ports()
    {
        // in -> 3 ANDs (child module) -> enable of register e; register e -> 1 NOT -> output port.
        using var dir = new TempDir();
        Write(dir,
            ("and3.v", """
                module and3(input [3:0] v, output y);
                    wire a = v[0] & v[1];
                    wire b = a & v[2];
                    assign y = b & v[3];
                endmodule
                """),
            ("top.v", """
                module top(input clk, input [3:0] go, input d, output y, output n);
                    wire all;
                    reg e;
                    and3 u_and(.v(go), .y(all));
                    always @(posedge clk) if (all) e <= d;
                    assign y = e;
                    assign n = ~e;
                endmodule
                """));
        var path = SynthGate.Run(dir.Path, "top", depth: true).Path!;

        Assert.Equal(3, path.Levels);
        Assert.Equal("input port", path.Start.Kind);
        Assert.Matches(@"^go\[[01]\]$", path.Start.Name);
        Assert.Equal(new PathPoint("e", "register, enable"), path.End);
        Assert.Equal(["all"], path.Through); // the child's output y by its name in the top (abc renames a and b)
    }

    [Fact]
    public void A_path_to_an_output_port_ends_there()
    {
        using var dir = new TempDir();
        Write(dir, ("top.v", """
            module top(input clk, input [2:0] d, output y);
                reg [2:0] r;
                always @(posedge clk) r <= d;
                assign y = ~(r[0] ^ r[1] ^ r[2]);
            endmodule
            """));
        var path = SynthGate.Run(dir.Path, "top", depth: true).Path!;

        Assert.Equal(2, path.Levels); // yosys' generic library has XNOR: XOR + XNOR
        Assert.Equal("register", path.Start.Kind);
        Assert.Equal(new PathPoint("y", "output port"), path.End);
    }

    [Fact]
    public void From_a_net_gives_the_longest_path_starting_there()
    {
        // a -> NOT -> p (1 level); b -> 3 XORs -> q (3 levels, the longest overall).
        using var dir = new TempDir();
        Write(dir, ("top.v", """
            module top(input clk, input da, input [3:0] db, output p, output q);
                reg a;
                reg [3:0] b;
                always @(posedge clk) begin a <= da; b <= db; end
                assign p = ~a;
                assign q = ((b[0] ^ b[1]) ^ b[2]) ^ b[3];
            endmodule
            """));
        var synth = SynthGate.Run(dir.Path, "top", depth: true, depthFrom: "a");

        Assert.Equal(3, synth.Path!.Levels);
        Assert.Equal(new PathPoint("q", "output port"), synth.Path.End);
        Assert.Equal(1, synth.PathFrom!.Levels);
        Assert.Equal(new PathPoint("a", "register"), synth.PathFrom.Start);
        Assert.Equal(new PathPoint("p", "output port"), synth.PathFrom.End);
        var e = Assert.Throws<HdlException>(() => SynthGate.Run(dir.Path, "top", depth: true, depthFrom: "nosuch"));
        Assert.StartsWith("no net named nosuch in top", e.Message);
    }

    [Fact]
    public void A_combinational_loop_is_a_clear_error()
    {
        using var dir = new TempDir();
        Write(dir, ("top.v", """
            module top(input c, output y);
                wire a, b;
                assign a = ~(b & c);
                assign b = a ^ c;
                assign y = b;
            endmodule
            """));
        var e = Assert.Throws<InvalidOperationException>(() => SynthGate.Run(dir.Path, "top", depth: true));
        Assert.StartsWith("combinational loop through ", e.Message);
    }

    [Fact]
    public void Same_depth_as_yosys_flatten_and_ltp_on_a_generated_design()
    {
        var ir = DesignCatalog.Find("mac-array").Elaborate(new MacArrayConfig(rows: 3, cols: 2));
        using var dir = new TempDir();
        OutputWriter.WriteAll(dir.Path, VerilogEmitter.Emit(ir));
        var path = SynthGate.Run(dir.Path, ir.Top.Name, depth: true).Path!;

        var files = LintGate.VerilogFiles(dir.Path);
        var ltp = ToolRunner.Run("yosys", ["-q", "-p",
            $"read_verilog {string.Join(' ', files)}; synth -top {ir.Top.Name}; flatten; tee -o /dev/stdout ltp -noff"]);
        Assert.Equal(0, ltp.ExitCode);
        var length = int.Parse(Regex.Match(ltp.StdOut, @"\(length=(\d+)\)").Groups[1].Value);
        Assert.True(length > 10, ltp.StdOut); // a multiply-accumulate, not a trivial path
        Assert.Equal(length, path.Levels);
    }
}
