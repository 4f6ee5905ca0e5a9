using SmartQuant.Emit;
using SmartQuant.Eda;
using SmartQuant.Hdl;
using SmartQuant.Hw;
using SmartQuant.Hw.MacArray;

namespace SmartQuant.Hdl.Tests;

/// <summary>Emitted Verilog: deterministic, plain Verilog-2005, clean under both lint gates, readable.</summary>
public class EmitterTests
{
    private static string Emitted(IReadOnlyList<EmittedFile> files) => string.Join("\n//----\n", files.Select(f => f.Name + "\n" + f.Content));

    [Fact]
    public void SameDesignTwiceIsByteIdentical()
    {
        var entry = DesignCatalog.Find("mac-array");
        var first = Emitted(VerilogEmitter.Emit(entry.Elaborate()));
        var second = Emitted(VerilogEmitter.Emit(entry.Elaborate()));
        Assert.Equal(first, second);
    }

    [Fact]
    public void A_module_of_several_megabytes_is_emitted_whole()
    {
        // 30 000 chained wires: well over Scriban's default 1 MiB string limit, which once cut such files silently.
        const int n = 30_000;
        var files = VerilogEmitter.Emit(Elaborator.Elaborate(new Probe(p =>
        {
            Expr previous = p.A;
            for (var i = 0; i < n; i++)
            {
                var w = p.Wire(8).Named($"chain_wire_{i}");
                w.Assign(previous ^ p.B);
                previous = w;
            }
            p.Y.Assign(previous);
        })));
        var text = files.Single(f => f.Name == "probe.v").Content;
        Assert.True(text.Length > 2 << 20, $"only {text.Length} characters");
        Assert.EndsWith("endmodule\n", text);
        Assert.Contains($"chain_wire_{n - 1};", text);
        Assert.Equal(n, text.Split('\n').Count(l => l.TrimStart().StartsWith("wire [7:0] chain_wire_", StringComparison.Ordinal)));
    }

    [Fact]
    public void WriterRewritesOnlyChangedFilesAndRemovesStaleModules()
    {
        using var dir = new TempDir();
        var files = VerilogEmitter.Emit(DesignCatalog.Find("fifo").Elaborate());
        Assert.Equal(files.Count, OutputWriter.WriteAll(dir.Path, files).Count);
        Assert.Empty(OutputWriter.WriteAll(dir.Path, files));
        File.WriteAllText(Path.Combine(dir.Path, "old_module.v"), OutputWriter.GeneratedMarker + " earlier\nmodule old_module; endmodule\n");
        File.WriteAllText(Path.Combine(dir.Path, "handwritten.v"), "module handwritten; endmodule\n");
        OutputWriter.WriteAll(dir.Path, files);
        Assert.False(File.Exists(Path.Combine(dir.Path, "old_module.v")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "handwritten.v")));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void EveryDeclarationCarriesASourceComment()
    {
        var files = VerilogEmitter.Emit(DesignCatalog.Find("mac-array").Elaborate());
        var pe = files.Single(f => f.Name == "mac_pe.v").Content;
        foreach (var line in pe.Split('\n').Where(l => l.TrimStart().StartsWith("reg ") || l.TrimStart().StartsWith("input ") || l.TrimStart().StartsWith("output ")))
            Assert.Contains("//", line);
        Assert.Contains("input wire signed [7:0] act_in, // MacPe.cs:", pe);
        Assert.Contains("reg signed [31:0] psum; // reg (MacPe.cs:", pe);
    }

    [Theory]
    [InlineData("initial")]
    [InlineData("$display")]
    [InlineData("#")]
    [InlineData("real ")]
    [InlineData("logic ")]
    [InlineData("always_ff")]
    public void OutputUsesNoBannedConstructs(string banned)
    {
        foreach (var d in DesignCatalog.All)
            foreach (var f in VerilogEmitter.Emit(d.Elaborate()).Where(f => f.Name.EndsWith(".v")))
                Assert.DoesNotContain(banned, f.Content.Split('\n').Where(l => !l.TrimStart().StartsWith("//")).Select(l => l.Split("//")[0]));
    }

    [Fact]
    public void DistinctParameterizationsBecomeDistinctModules()
    {
        var ir = Elaborator.Elaborate(new TwoFifos(), "two-fifos");
        var names = ir.Modules.Select(m => m.Name).ToList();
        Assert.Contains("fifo_d4_w8", names);
        Assert.Contains("fifo_d8_w8", names);
        Assert.Equal(3, names.Count);
        // Identical parameterizations share one definition.
        var shared = Elaborator.Elaborate(DesignCatalog.Find("mac-array").Build(new MacArrayConfig(rows: 3, cols: 5)));
        Assert.Equal(["mac_pe", "mac_array"], shared.Modules.Select(m => m.Name));
    }

    private sealed class TwoFifos : Module
    {
        public readonly Hw.Common.Fifo Shallow, Deep;
        public readonly Signal Out4, Out8;
        public TwoFifos()
        {
            Shallow = Instance(new Hw.Common.Fifo(new(depth: 4, width: 8)), "shallow");
            Deep = Instance(new Hw.Common.Fifo(new(depth: 8, width: 8)), "deep");
            foreach (var f in new[] { Shallow, Deep })
            {
                f.InValid.Assign(Logic.Lit(1, 1));
                f.InData.Assign(Logic.Lit(5, 8));
                f.OutReady.Assign(Logic.Lit(1, 1));
            }
            Out4 = Out(8);
            Out8 = Out(8);
            Out4.Assign(Shallow.OutData);
            Out8.Assign(Deep.OutData);
        }
    }

    [Theory]
    [InlineData("fifo", null)]
    [InlineData("mac-array", null)]
    [InlineData("mac-array", "{\"rows\": 2, \"cols\": 3, \"operandWidth\": 4, \"accumulatorWidth\": 12}")]
    [InlineData("fifo", "{\"depth\": 2, \"width\": 1}")]
    public void BuiltInDesignsPassBothLintGates(string design, string? json)
    {
        var entry = DesignCatalog.Find(design);
        var config = json is null ? entry.DefaultConfig : DesignConfig.FromJson(entry.ConfigType, json, "test");
        var ir = entry.Elaborate(config);
        using var dir = new TempDir();
        OutputWriter.WriteAll(dir.Path, VerilogEmitter.Emit(ir));
        foreach (var gate in LintGate.Run(dir.Path, ir.Top.Name))
            Assert.True(gate.Passed, $"{gate.Gate} failed on {design}:\n{gate.Output}");
    }

    [Fact]
    public void KitFeaturesEmitLintCleanVerilog()
    {
        var ir = Elaborator.Elaborate(new KitTour(), "kit-tour");
        using var dir = new TempDir();
        OutputWriter.WriteAll(dir.Path, VerilogEmitter.Emit(ir));
        foreach (var gate in LintGate.Run(dir.Path, ir.Top.Name))
            Assert.True(gate.Passed, $"{gate.Gate}:\n{gate.Output}\n{File.ReadAllText(Path.Combine(dir.Path, "kit_tour.v"))}");
    }

    /// <summary>Uses every operator and statement form once, so the emitter's output for each is linted.</summary>
    private sealed class KitTour : Module
    {
        public readonly Signal A, B, S, T, Sel, Amount;
        public readonly Signal Sum, Diff, Prod, SignedProd, Neg, Bits, Cmp, Shifted, DynL, DynR, Picked, Cased, Reduced, Count, Wide;
        private readonly Signal _state;

        public KitTour()
        {
            A = In(8); B = In(6); S = In(8, signed: true); T = In(5, signed: true); Sel = In(2); Amount = In(3);
            Sum = Out(9); Diff = Out(9, signed: true); Prod = Out(14); SignedProd = Out(13, signed: true); Neg = Out(9, signed: true);
            Bits = Out(12); Cmp = Out(4); Shifted = Out(13); DynL = Out(15); DynR = Out(8, signed: true); Picked = Out(8);
            Cased = Out(8); Reduced = Out(3); Count = Out(4); Wide = Out(70);
            _state = Reg(4, reset: 5);

            Sum.Assign(A + B);
            Diff.Assign(S - T);
            Prod.Assign(A * B);
            SignedProd.Assign(S * T);
            Neg.Assign(-S);
            Bits.Assign(Logic.Cat(A[7, 4], Logic.Repeat(Sel, 2), (A ^ ~A)[3, 0]));
            Cmp.Assign(Logic.Cat(S < T, A >= B.Extend(8), A.Eq(200), S.Ne(-3)));
            Shifted.Assign(((A >> 3) << 8).Extend(13));
            DynL.Assign(A.ShiftLeft(Amount));
            DynR.Assign(S.ShiftRight(Amount));
            Picked.Assign(Logic.Select(Sel, [A, ~A, A & 0x0f, A | 0xf0]));
            Switch(Sel).Is(0, () => Cased.Assign(A)).Is(3, () => Cased.Assign(B.Extend(8))).Default(() => Cased.Assign(Logic.Mux(S < 0, A, 7)));
            Reduced.Assign(Logic.Cat(A.AndReduce(), A.OrReduce(), A.XorReduce()));
            When(Sel.Eq(1), () => _state.Assign(_state.AddWrap(1)))
                .ElseWhen(Sel.Eq(2), () => _state.Assign(_state.SubWrap(1)))
                .Otherwise(() => _state.Assign(A[3, 0]));
            Count.Assign(_state);
            Wide.Assign(Logic.Cat(A, A, A, A, A, A, A, A, Sel, T.AsUnsigned().Truncate(4)));
        }
    }
}

/// <summary>A private temporary directory for one test.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sq-test-" + Guid.NewGuid().ToString("N"));
    public TempDir() => Directory.CreateDirectory(Path);
    public void Dispose() { try { Directory.Delete(Path, true); } catch (IOException) { } }
}
