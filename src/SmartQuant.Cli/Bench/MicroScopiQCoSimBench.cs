using System.Text.RegularExpressions;
using SmartQuant.Emit.Gates;
using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw;
using SmartQuant.Hw.MicroScopiQ;
using SmartQuant.Sim;

namespace SmartQuant.Cli.Bench;

/// <summary>
/// Checked lockstep co-simulation of the 8×8 MicroScopiQ accelerator (gemm-bb2 test: stimulus + Verilated model +
/// golden model + compare every cycle) against a plain C++ Verilator harness replaying the same inputs. The stimulus
/// reacts to ready/valid, so its inputs are recorded from a run against the golden model (equal to the RTL's
/// outputs, which the lockstep run proves). Target: ≥ 50 % of the harness's speed.
/// </summary>
public sealed partial class MicroScopiQCoSimBench : IBenchmark
{
    public const long Cycles = 200_000;
    public const ulong Seed = 1;
    public string Name => "microscopiq.lockstep-8x8";

    public BenchResult Run(TextWriter log)
    {
        var config = new MicroScopiQConfig { Rows = 8, Cols = 8 };
        var test = SimTestCatalog.Find("microscopiq", "gemm-bb2");
        var harness = VerilatorBuild.BuildHarness(DesignCatalog.Find("microscopiq").Elaborate(config));
        var vectors = RecordStimulus(test, config, harness.Map);
        double cpp = 0, cs = 0;
        for (var i = 0; i < 2; i++)
        {
            cpp = Math.Max(cpp, RunHarness(harness.Path, vectors));
            var r = LockstepEngine.Run(test, new SimOptions { Cycles = Cycles, Seed = Seed, Config = config });
            if (!r.Passed) throw new InvalidOperationException($"benchmark run diverged:\n{r.Divergence}");
            cs = Math.Max(cs, r.CyclesPerSecond);
        }
        File.Delete(vectors);
        var ratio = cs / cpp;
        log.WriteLine($"  C++ harness {cpp / 1e3:0} k cycles/s, checked C# lockstep {cs / 1e3:0} k cycles/s");
        return new BenchResult(Name, $"{cs / 1e3:0} k/s checked vs {cpp / 1e3:0} k/s C++ = {ratio:P0}", "≥ 50 % of C++", ratio >= 0.5);
    }

    private static string RecordStimulus(ISimTest test, MicroScopiQConfig config, PortMap map)
    {
        var driver = test.CreateDriver(config, map, Seed);
        var golden = test.CreateGolden(config, map);
        var (inputs, outputs) = (map.NewInputs(), map.NewOutputs());
        golden.Reset();
        var path = Path.Combine(Path.GetTempPath(), $"sq-msq-bench-{Environment.ProcessId}.bin");
        using var w = new BinaryWriter(File.Create(path));
        for (long c = 0; c < Cycles; c++)
        {
            driver.Drive(c, inputs, outputs);
            golden.Evaluate(inputs, outputs);
            golden.Tick(inputs);
            foreach (var word in inputs.Words.AsSpan(0, map.InputWords)) w.Write(word);
        }
        return path;
    }

    private static double RunHarness(string exe, string vectors)
    {
        var r = ToolRunner.Run(exe, [vectors, LockstepEngine.VerilatorSeed(Seed).ToString()]);
        var m = ResultRegex().Match(r.StdOut);
        if (r.ExitCode != 0 || !m.Success) throw new InvalidOperationException($"bench harness failed: {r.Combined}");
        return long.Parse(m.Groups[1].Value) / double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"cycles=(\d+) seconds=([0-9.]+)")]
    private static partial Regex ResultRegex();
}
