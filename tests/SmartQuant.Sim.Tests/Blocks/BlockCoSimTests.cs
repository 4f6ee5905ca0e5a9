using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Cxl;
using SmartQuant.Hw.MicroScopiQ;
using SmartQuant.Sim.Blocks;

namespace SmartQuant.Sim.Tests.Blocks;

/// <summary>
/// Block-level co-simulation through the generic engine (no catalog): the MicroScopiQ PE, one ReCoN switch, one ReCoN
/// stage (all its switches as bit planes) and the CXL HDM decoder, each elaborated on its own and checked against a
/// golden model written from the spec.
/// Each block's Verilator build is small (a few seconds at -O1).
/// </summary>
public class BlockCoSimTests
{
    private const long Cycles = 4000;

    public static TheoryData<string> Blocks => ["microscopiq-pe", "recon-switch", "recon-stage", "hdm-decoder"];

    private static ITestbench Bench(string name) => name switch
    {
        "microscopiq-pe" => new PeBench(),
        "recon-switch" => new ReconSwitchBench(),
        "recon-stage" => new ReconStageBench(),
        "hdm-decoder" => new HdmDecoderBench(),
        _ => throw new ArgumentException(name),
    };

    /// <summary>An output whose non-zero cycles show the stimulus reached the interesting behaviour (through the block's
    /// own signal, on the bound map), with a minimum count.</summary>
    private static (Func<PortMap, PortSlot> Port, long Minimum) Activity(string name) => name switch
    {
        "microscopiq-pe" => (m => m[Top<MultiPrecisionPe>(m).ValidOut], Cycles / 4),
        "recon-switch" => (m => m[Top<ReconSwitch>(m).ResVOut[3]], Cycles / 8),   // items leave Right in slot 1: two items took that port
        "recon-stage" => (m => m[Top<ReconStage>(m).ResV[3]!], Cycles / 8),       // some switch sent two items Right
        _ => (m => m[Top<HdmDecoder>(m).InRange], Cycles / 8),
    };

    /// <summary>The output a planted fault puts off by one.</summary>
    private static Func<PortMap, PortSlot> Faulted(string name) => name switch
    {
        "microscopiq-pe" => m => m[Top<MultiPrecisionPe>(m).PsumOut[1]],
        "recon-switch" => m => m[Top<ReconSwitch>(m).GotCodeOut],
        "recon-stage" => m => m[Top<ReconStage>(m).GotCodeOut],
        _ => m => m[Top<HdmDecoder>(m).InRange],
    };

    private static T Top<T>(PortMap m) where T : Hdl.Module => Assert.IsType<T>(m.Top);

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Block_agrees_with_its_golden_model_every_cycle(string name)
    {
        var (dut, test) = Bench(name).Elaborate();
        var (port, minimum) = Activity(name);
        var counter = new CountingGolden();
        var counted = Wrap(test, (golden, m) => counter.Around(golden, port(m)));
        var r = Lockstep.Run(dut, counted, new SimOptions { Cycles = Cycles, Seed = 3, WavesOnFailure = false });

        Assert.True(r.Passed, r.Divergence?.ToString());
        Assert.Equal(Cycles, r.Cycles);
        Assert.Equal($"PASS design={name} test=random cycles={Cycles} seed=3", r.Summary);
        Assert.True(counter.NonZero >= minimum, $"{port(r.Library.Map).Name} was non-zero in {counter.NonZero} of {Cycles} cycles (expected ≥ {minimum})");
    }

    [Theory]
    [InlineData("microscopiq-pe", "MultiPrecisionPe.cs")]
    [InlineData("recon-switch", "ReconSwitch.cs")]
    [InlineData("recon-stage", "ReconStage.cs")]
    [InlineData("hdm-decoder", "HdmDecoder.cs")]
    public void A_planted_fault_is_reported_at_its_port_and_cycle(string name, string declaredIn)
    {
        const long badCycle = 1500;
        var (dut, test) = Bench(name).Elaborate();
        var faulty = Wrap(test, (golden, m) => new OffByOneGolden(golden, Faulted(name)(m), c => c >= badCycle));
        var r = Lockstep.Run(dut, faulty, new SimOptions { Cycles = Cycles, Seed = 3, WavesOnFailure = false });

        Assert.False(r.Passed);
        var d = r.Divergence!;
        Assert.Equal(badCycle, d.Cycle);
        var faulted = Faulted(name)(r.Library.Map);
        Assert.Equal(faulted, d.Mismatches.Single().Port);
        var port = faulted.Name;
        var text = d.ToString();
        Assert.Contains($"design={name} test=random seed=3 cycle={badCycle} port={port}", text);
        Assert.Matches($@"port {port} \(.*\), declared at \S*{System.Text.RegularExpressions.Regex.Escape(declaredIn)}:\d+", text);
        Assert.Contains($"replay: Lockstep.Run(new {Bench(name).GetType().Name}(), new SimOptions {{ Seed = 3, Cycles = {badCycle + 1} }})", text);
    }

    [Fact]
    public void A_port_of_another_module_object_is_refused_by_the_typed_binding()
    {
        var (dut, _) = new PeBench().Elaborate();
        var map = new PortMap(dut.Ir.Top).BoundTo(dut.Top!);
        var top = (Hw.MicroScopiQ.MultiPrecisionPe)dut.Top!;
        Assert.Equal("psum_out_1", map[top.PsumOut[1]].Name);
        var (other, _) = new PeBench().Elaborate();
        var e = Assert.Throws<Hdl.HdlException>(() => map[((Hw.MicroScopiQ.MultiPrecisionPe)other.Top!).PsumOut[1]]);
        Assert.Contains("belongs to another MultiPrecisionPe object", e.Message);
    }

    [Fact]
    public void Options_asking_for_another_config_than_the_elaborated_one_are_refused()
    {
        var (dut, test) = new PeBench().Elaborate();
        var e = Assert.Throws<Hdl.HdlException>(() => Lockstep.Run(dut, test,
            new SimOptions { Cycles = 10, Config = new Hw.MicroScopiQ.MicroScopiQConfig(accumulatorWidth: 40) }));
        Assert.Contains("but 'microscopiq-pe' was elaborated for", e.Message);
    }

    private static ISimTest Wrap(ISimTest test, Func<ICycleModel, PortMap, ICycleModel> wrap) =>
        new SimTest(test.Design, test.Name, test.Description, (c, m) => wrap(test.CreateGolden(c, m), m), test.CreateDriver, test.DontCares);

    /// <summary>Counts the cycles where one golden output is non-zero (the stimulus's reach, not a check of the RTL).</summary>
    private sealed class CountingGolden
    {
        public long NonZero;
        public ICycleModel Around(ICycleModel golden, PortSlot port) => new Counting(golden, this, port);

        private sealed class Counting(ICycleModel inner, CountingGolden owner, PortSlot port) : ICycleModel, IWrappingModel
        {
            public ICycleModel Inner => inner;
            public void Reset() => inner.Reset();
            public void Tick(PortValues inputs) => inner.Tick(inputs);
            public void Evaluate(PortValues inputs, PortValues outputs)
            {
                inner.Evaluate(inputs, outputs);
                if (outputs[port] != 0) Interlocked.Increment(ref owner.NonZero);
            }
        }
    }
}
