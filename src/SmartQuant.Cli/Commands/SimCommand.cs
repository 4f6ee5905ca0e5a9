using System.CommandLine;
using System.Globalization;
using SmartQuant.Emit;
using SmartQuant.Hdl;
using SmartQuant.Hw;
using SmartQuant.Sim;
using Spectre.Console;

namespace SmartQuant.Cli.Commands;

/// <summary>
/// `smartquant sim` (`make sim`, `make waves`): lockstep co-simulation of a design's test against its golden model.
/// Ends with one line, PASS … (exit 0) or FAIL … (exit 1) after the first-divergence report.
/// </summary>
public static class SimCommand
{
    public static Command Create()
    {
        var design = CommonOptions.Design();
        var config = CommonOptions.Config();
        var test = new Option<string?>("--test") { Description = "test name (default: the design's first test)" };
        var cycles = new Option<long>("--cycles") { Description = "cycles after reset", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<string>("--seed") { Description = "stimulus and Verilator seed (decimal or 0x hex)", DefaultValueFactory = _ => "1" };
        var waves = new Option<DirectoryInfo?>("--waves") { Description = "trace the whole run into DIR/<test>.fst with a GTKWave view DIR/<test>.gtkw" };
        var cmd = new Command("sim", "Co-simulate a design's test (Verilator vs the C# golden model) cycle by cycle.")
        {
            design, config, test, cycles, seed, waves,
        };
        cmd.SetAction(r =>
        {
            var entry = DesignCatalog.Find(r.GetValue(design)!);
            var simTest = SimTestCatalog.Find(entry.Name, r.GetValue(test));
            var n = r.GetValue(cycles);
            if (n < 1) throw new HdlException($"--cycles must be at least 1 (got {n})");
            var options = new SimOptions
            {
                Cycles = n,
                Seed = ParseSeed(r.GetValue(seed)!),
                Config = DesignCatalog.LoadConfig(entry, r.GetValue(config)?.FullName),
                WavesDirectory = r.GetValue(waves) is { } w ? OutputWriter.CheckDirectory(w.FullName, "waves directory") : null,
                TraceWholeRun = r.GetValue(waves) is not null,
            };
            var result = RunWithProgress(simTest, options);
            if (result.Divergence is { } d) Console.WriteLine(d);
            else if (result.WavesPath is not null) Console.WriteLine($"waves: {result.WavesPath}\nview:  {result.ViewPath}");
            Console.WriteLine(result.Summary);
            return result.Passed ? 0 : 1;
        });
        return cmd;
    }

    /// <summary>Runs with a progress bar on long runs when the console is interactive.</summary>
    public static SimResult RunWithProgress(ISimTest test, SimOptions options)
    {
        if (options.Cycles < 1_000_000 || Console.IsOutputRedirected) return LockstepEngine.Run(test, options);
        SimResult? result = null;
        AnsiConsole.Progress().AutoClear(true).Start(ctx =>
        {
            var task = ctx.AddTask($"{test.Design}/{test.Name}", maxValue: options.Cycles);
            result = LockstepEngine.Run(test, options with { Progress = c => task.Value = c });
        });
        return result!;
    }

    public static ulong ParseSeed(string text)
    {
        var t = text.Trim().Replace("_", "");
        var ok = t.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(t[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v)
            : ulong.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out v);
        return ok ? v : throw new HdlException($"--seed must be an unsigned 64-bit integer, decimal or 0x hex (got '{text}')");
    }
}
