using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using SmartQuant.Emit;
using SmartQuant.Eda;
using SmartQuant.Sim;
using SmartQuant.Hdl;
using SmartQuant.Hdl.Simulation;

namespace SmartQuant.Sim;

/// <summary>Outcome of replaying recorded vectors in iverilog.</summary>
public sealed record ReplayResult(long Cycles, int Errors, string Directory, string Output)
{
    public bool Agreed => Errors == 0;
}

/// <summary>
/// Second simulator: records a lockstep run's stimulus and Verilator's outputs (with the don't-care mask) as vector
/// files plus an emitted Verilog-2005 test bench, then runs it with <c>iverilog -g2005</c>/<c>vvp</c>, which must
/// agree on every cycle. The golden model is checked during recording too.
/// </summary>
public static partial class VectorReplay
{
    /// <summary>Records a built-in design's test (<see cref="SimOptions.Config"/> or the default config).</summary>
    public static ReplayResult Record(ISimTest test, SimOptions options, string directory) =>
        Record(LockstepEngine.Elaborate(test.Design, options.Config), test, options, directory);

    /// <summary>Records <paramref name="test"/> on any elaborated design (a block's testbench, a design file).</summary>
    public static ReplayResult Record(DesignUnderTest dut, ISimTest test, SimOptions options, string directory)
    {
        var (config, ir) = (dut.Config, dut.Ir);
        var built = VerilatorBuild.Build(ir, trace: false, options.Cache);
        var lib = dut.Top is null ? built : built with { Map = built.Map.BoundTo(dut.Top) };
        var map = lib.Map;
        var rules = test.DontCares(map);
        using var model = new NativeModel(lib, Lockstep.VerilatorSeed(options.Seed));
        var golden = test.CreateGolden(config, map);
        var driver = test.CreateDriver(config, map, options.Seed);
        var (inputs, actual, expected) = (map.NewInputs(), map.NewOutputs(), map.NewOutputs());
        var (vin, vexp, vmask) = (new StringBuilder(), new StringBuilder(), new StringBuilder());

        model.Reset(options.ResetCycles);
        golden.Reset();
        for (long cycle = 0; cycle < options.Cycles; cycle++)
        {
            driver.Drive(cycle, inputs, actual);
            model.Step(inputs.Words, actual.Words);
            golden.Evaluate(inputs, expected);
            var mask = BigInteger.Zero;
            foreach (var p in map.Outputs)
            {
                var cared = !rules.Any(r => r.Port == p && r.Ignore(inputs, expected));
                mask = (mask << p.Width) | (cared ? (BigInteger.One << p.Width) - 1 : 0);
                if (cared && expected.GetBig(p) != actual.GetBig(p))
                    throw new HdlException($"golden model and Verilator disagree at cycle {cycle} on '{p.Name}': run `smartquant sim` for the report");
            }
            vin.AppendLine(HexLine(Concat(inputs, map.Inputs), map.Inputs));
            vexp.AppendLine(HexLine(Concat(actual, map.Outputs), map.Outputs));
            vmask.AppendLine(HexLine(mask, map.Outputs));
            golden.Tick(inputs);
        }

        Directory.CreateDirectory(directory);
        OutputWriter.WriteAll(directory, VerilogEmitter.Emit(ir));
        OutputWriter.WriteAtomic(Path.Combine(directory, ReplayBenchEmitter.InputsFile), vin.ToString());
        OutputWriter.WriteAtomic(Path.Combine(directory, ReplayBenchEmitter.ExpectedFile), vexp.ToString());
        OutputWriter.WriteAtomic(Path.Combine(directory, ReplayBenchEmitter.MaskFile), vmask.ToString());
        OutputWriter.WriteAtomic(Path.Combine(directory, "replay_tb.v"), ReplayBenchEmitter.Render(map, options.Cycles, options.ResetCycles));
        return RunIverilog(directory, options.Cycles);
    }

    /// <summary>Compiles and runs the replay bench in <paramref name="directory"/>.</summary>
    public static ReplayResult RunIverilog(string directory, long cycles)
    {
        var sources = LintGate.VerilogFiles(directory).Append(Path.Combine(directory, "replay_tb.v"));
        var compile = ToolRunner.Run("iverilog", ["-g2005", "-s", ReplayBenchEmitter.TopModule, "-o", "replay.vvp", .. sources], directory);
        if (compile.ExitCode != 0) throw new HdlException($"iverilog failed on the replay bench in {directory}: {compile.Combined}");
        var run = ToolRunner.Run("vvp", ["-n", "replay.vvp"], directory);
        var m = SummaryRegex().Match(run.StdOut);
        if (run.ExitCode != 0 || !m.Success) throw new HdlException($"vvp did not finish the replay in {directory}: {run.Combined}");
        return new ReplayResult(long.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), directory, run.StdOut);
    }

    private static BigInteger Concat(PortValues values, IReadOnlyList<PortSlot> ports)
    {
        var v = BigInteger.Zero;
        foreach (var p in ports) v = (v << p.Width) | values.GetBig(p);
        return v;
    }

    private static string HexLine(BigInteger v, IReadOnlyList<PortSlot> ports)
    {
        var digits = (ReplayBenchEmitter.Bits(ports) + 3) / 4;
        var hex = v.ToString("x");
        hex = hex.Length > 1 ? hex.TrimStart('0') : hex; // BigInteger adds a leading 0 for a set top bit
        return hex.PadLeft(digits, '0');
    }

    [GeneratedRegex(@"REPLAY cycles=(\d+) errors=(\d+)")]
    private static partial Regex SummaryRegex();
}
