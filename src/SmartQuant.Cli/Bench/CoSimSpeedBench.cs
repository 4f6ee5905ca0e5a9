using System.Diagnostics;
using System.Text.RegularExpressions;
using SmartQuant.Emit.Gates;
using SmartQuant.Hdl;
using SmartQuant.Hw;
using SmartQuant.Hw.MacArray;
using SmartQuant.Sim;

namespace SmartQuant.Cli.Bench;

/// <summary>
/// Checked lockstep co-simulation of the 8×8 mac-array (driver + Verilated model through the shim + golden model +
/// compare, every cycle) against a plain C++ Verilator harness running the same design on the same stimulus (the
/// driver's vectors recorded to a file) and reading + hashing every output word each cycle. Target: ≥ 50 %.
/// </summary>
public sealed partial class CoSimSpeedBench : IBenchmark
{
    public const long Cycles = 1_000_000;
    public const ulong Seed = 1;
    public string Name => "sim.lockstep-mac-array-8x8";

    public BenchResult Run(TextWriter log)
    {
        var config = new MacArrayConfig { Rows = 8, Cols = 8 };
        var test = SimTestCatalog.Find("mac-array");
        var ir = DesignCatalog.Find("mac-array").Elaborate(config);
        var harness = VerilatorBuild.BuildHarness(ir);
        var vectors = RecordStimulus(test, config, harness.Map);

        // Warm up both (JIT, page cache), then take the best of three of each.
        LockstepEngine.Run(test, new SimOptions { Cycles = 20_000, Seed = Seed, Config = config });
        double cpp = 0, cs = 0;
        for (var i = 0; i < 3; i++)
        {
            cpp = Math.Max(cpp, RunHarness(harness.Path, vectors));
            var r = LockstepEngine.Run(test, new SimOptions { Cycles = Cycles, Seed = Seed, Config = config });
            if (!r.Passed) throw new InvalidOperationException($"benchmark run diverged:\n{r.Divergence}");
            cs = Math.Max(cs, r.CyclesPerSecond);
        }
        File.Delete(vectors);
        var ratio = cs / cpp;
        log.WriteLine($"  C++ harness {cpp / 1e6:0.00} M cycles/s, checked C# lockstep {cs / 1e6:0.00} M cycles/s");
        return new BenchResult(Name, $"{cs / 1e6:0.00} M/s checked vs {cpp / 1e6:0.00} M/s C++ = {ratio:P0}", "≥ 50 % of C++", ratio >= 0.5);
    }

    /// <summary>The test's driver, alone, for <see cref="Cycles"/> cycles: packed inputs as raw little-endian u64s.</summary>
    private static string RecordStimulus(ISimTest test, DesignConfig config, SmartQuant.Hdl.Simulation.PortMap map)
    {
        var driver = test.CreateDriver(config, map, Seed);
        var (inputs, outputs) = (map.NewInputs(), map.NewOutputs());
        var path = Path.Combine(Path.GetTempPath(), $"sq-bench-{Environment.ProcessId}.bin");
        using var w = new BinaryWriter(File.Create(path));
        for (long c = 0; c < Cycles; c++)
        {
            driver.Drive(c, inputs, outputs); // this driver does not react to outputs
            foreach (var word in inputs.Words.AsSpan(0, map.InputWords)) w.Write(word);
        }
        return path;
    }

    internal static double RunHarness(string exe, string vectors)
    {
        var r = ToolRunner.Run(exe, [vectors, LockstepEngine.VerilatorSeed(Seed).ToString()]);
        var m = ResultRegex().Match(r.StdOut);
        if (r.ExitCode != 0 || !m.Success) throw new InvalidOperationException($"bench harness failed: {r.Combined}");
        return long.Parse(m.Groups[1].Value) / double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"cycles=(\d+) seconds=([0-9.]+)")]
    private static partial Regex ResultRegex();
}
