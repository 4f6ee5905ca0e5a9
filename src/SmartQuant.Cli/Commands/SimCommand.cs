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
        var waves = new Option<DirectoryInfo?>("--waves") { Description = "trace the whole run into DIR/<test>.fst (with the golden model's expected values) and a GTKWave view DIR/<test>.gtkw" };
        var mark = new Option<long?>("--mark") { Description = "with --waves: put the view's marker on cycle C and open the pane around it" };
        var lineTrace = new Option<bool>("--line-trace") { Description = "print one line per cycle with the design's key state (from the golden model)" };
        var from = new Option<long?>("--from") { Description = "with --line-trace: first cycle printed (default 0)" };
        var to = new Option<long?>("--to") { Description = "with --line-trace: last cycle printed (default: the last cycle run)" };
        var cmd = new Command("sim", "Co-simulate a design's test (Verilator vs the C# golden model) cycle by cycle.")
        {
            design, config, test, cycles, seed, waves, mark, lineTrace, from, to,
        };
        cmd.SetAction(r =>
        {
            var entry = DesignCatalog.Find(r.GetValue(design)!);
            var simTest = SimTestCatalog.Find(entry.Name, r.GetValue(test));
            var n = r.GetValue(cycles);
            if (n < 1) throw new HdlException($"--cycles must be at least 1 (got {n})");
            var (markAt, traceLines, lineFrom, lineTo) = (r.GetValue(mark), r.GetValue(lineTrace), r.GetValue(from), r.GetValue(to));
            if (markAt is not null && r.GetValue(waves) is null) throw new HdlException("--mark needs --waves DIR (it places the marker of the traced run's view)");
            if (markAt is { } m && (m < 0 || m >= n)) throw new HdlException($"--mark must be a cycle of the run, 0 … {n - 1} (got {m})");
            if ((lineFrom ?? lineTo) is not null && !traceLines) throw new HdlException("--from/--to select the cycles of --line-trace; add --line-trace");
            if (lineFrom < 0) throw new HdlException($"--from must be at least 0 (got {lineFrom})");
            if (lineFrom > lineTo) throw new HdlException($"--from {lineFrom} is after --to {lineTo}");
            var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
            var digits = (n - 1).ToString(CultureInfo.InvariantCulture).Length;
            var options = new SimOptions
            {
                Cycles = n,
                Seed = ParseSeed(r.GetValue(seed)!),
                Config = DesignCatalog.LoadConfig(entry, r.GetValue(config)?.FullName),
                WavesDirectory = r.GetValue(waves) is { } w ? OutputWriter.CheckDirectory(w.FullName, "waves directory") : null,
                TraceWholeRun = r.GetValue(waves) is not null,
                Mark = markAt,
                LineTrace = traceLines ? (c, line) => stdout.WriteLine($"{c.ToString(CultureInfo.InvariantCulture).PadLeft(digits)}  {line}") : null,
                LineTraceFrom = lineFrom ?? 0,
                LineTraceTo = lineTo ?? long.MaxValue,
            };
            SimResult result;
            try { result = traceLines ? LockstepEngine.Run(simTest, options) : RunWithProgress(simTest, options); }
            finally { stdout.Flush(); }
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
