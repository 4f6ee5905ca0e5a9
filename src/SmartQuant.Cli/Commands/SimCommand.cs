using System.CommandLine;
using System.Globalization;
using SmartQuant.Emit;
using SmartQuant.Hdl;
using SmartQuant.Hw;
using SmartQuant.Sim;
using Spectre.Console;

namespace SmartQuant.Cli.Commands;

/// <summary>
/// `smartquant sim` (`make sim`, `make waves`): lockstep co-simulation of a design's test against its golden model —
/// a built-in design's test from the catalog (<c>--design</c>), or the testbench in a user's C# file
/// (<c>--design-file</c>: module, golden model and driver compiled at run time, docs/sim.md). Ends with one line,
/// PASS … (exit 0) or FAIL … (exit 1) after the first-divergence report.
/// </summary>
public static class SimCommand
{
    public static Command Create()
    {
        var design = CommonOptions.Design(required: false);
        var designFile = new Option<FileInfo?>("--design-file") { Description = "a C# file with a module, its golden model, a driver and a Testbench<Module> class (compiled at run time; docs/sim.md)" };
        var bench = new Option<string?>("--bench") { Description = "with --design-file: the testbench class to run when the file has several" };
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
            design, designFile, bench, config, test, cycles, seed, waves, mark, lineTrace, from, to,
        };
        cmd.SetAction(r =>
        {
            var file = r.GetValue(designFile);
            if (file is not null && r.GetValue(design) is not null) throw new ArgumentException("give either --design or --design-file, not both");
            if (file is null && r.GetValue(design) is null) throw new ArgumentException("--design NAME or --design-file FILE.cs is required (see 'smartquant designs')");
            if (file is null && r.GetValue(bench) is not null) throw new ArgumentException("--bench selects a testbench class of --design-file");
            if (file is not null && r.GetValue(config) is not null) throw new ArgumentException("--config is for built-in designs; a design file's testbench builds its own module");
            if (file is not null && r.GetValue(test) is not null) throw new ArgumentException("--test picks a built-in design's test; a design file's testbench is the test (choose a class with --bench)");
            var n = r.GetValue(cycles);
            if (n < 1) throw new HdlException($"--cycles must be at least 1 (got {n})");
            var (markAt, traceLines, lineFrom, lineTo) = (r.GetValue(mark), r.GetValue(lineTrace), r.GetValue(from), r.GetValue(to));
            if (markAt is not null && r.GetValue(waves) is null) throw new HdlException("--mark needs --waves DIR (it places the marker of the traced run's view)");
            if (markAt is { } m && (m < 0 || m >= n)) throw new HdlException($"--mark must be a cycle of the run, 0 … {n - 1} (got {m})");
            if ((lineFrom ?? lineTo) is not null && !traceLines) throw new HdlException("--from/--to select the cycles of --line-trace; add --line-trace");
            if (lineFrom < 0) throw new HdlException($"--from must be at least 0 (got {lineFrom})");
            if (lineFrom > lineTo) throw new HdlException($"--from {lineFrom} is after --to {lineTo}");
            // Built-in design: catalog lookups here, the generic engine below. Design file: its own testbench.
            Func<SimOptions, SimResult> run;
            string label;
            DesignConfig? designConfig = null;
            if (file is not null)
            {
                var fileBench = DesignFileTestbench.Load(Path.GetRelativePath(Directory.GetCurrentDirectory(), file.FullName) is var rel && !rel.StartsWith("..") ? rel : file.FullName, r.GetValue(bench));
                run = o => DesignFileTestbench.Run(fileBench, o);
                label = fileBench.Name;
            }
            else
            {
                var entry = DesignCatalog.Find(r.GetValue(design)!);
                var simTest = SimTestCatalog.Find(entry.Name, r.GetValue(test));
                designConfig = DesignCatalog.LoadConfig(entry, r.GetValue(config)?.FullName);
                run = o => LockstepEngine.Run(simTest, o);
                label = $"{simTest.Design}/{simTest.Name}";
            }
            var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
            var digits = (n - 1).ToString(CultureInfo.InvariantCulture).Length;
            var options = new SimOptions
            {
                Cycles = n,
                Seed = ParseSeed(r.GetValue(seed)!),
                Config = designConfig,
                WavesDirectory = r.GetValue(waves) is { } w ? OutputWriter.CheckDirectory(w.FullName, "waves directory") : null,
                TraceWholeRun = r.GetValue(waves) is not null,
                Mark = markAt,
                LineTrace = traceLines ? (c, line) => stdout.WriteLine($"{c.ToString(CultureInfo.InvariantCulture).PadLeft(digits)}  {line}") : null,
                LineTraceFrom = lineFrom ?? 0,
                LineTraceTo = lineTo ?? long.MaxValue,
            };
            SimResult result;
            try { result = traceLines ? run(options) : RunWithProgress(label, run, options); }
            finally { stdout.Flush(); }
            if (result.Divergence is { } d) Console.WriteLine(d);
            else if (result.WavesPath is not null) Console.WriteLine($"waves: {result.WavesPath}\nview:  {result.ViewPath}");
            Console.WriteLine(result.Summary);
            return result.Passed ? 0 : 1;
        });
        return cmd;
    }

    /// <summary>Runs with a progress bar on long runs when the console is interactive.</summary>
    public static SimResult RunWithProgress(ISimTest test, SimOptions options) =>
        RunWithProgress($"{test.Design}/{test.Name}", o => LockstepEngine.Run(test, o), options);

    /// <summary>Runs <paramref name="run"/> with a progress bar labelled <paramref name="label"/> on long interactive runs.</summary>
    public static SimResult RunWithProgress(string label, Func<SimOptions, SimResult> run, SimOptions options)
    {
        if (options.Cycles < 1_000_000 || Console.IsOutputRedirected) return run(options);
        SimResult? result = null;
        AnsiConsole.Progress().AutoClear(true).Start(ctx =>
        {
            var task = ctx.AddTask(label, maxValue: options.Cycles);
            result = run(options with { Progress = c => task.Value = c });
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
