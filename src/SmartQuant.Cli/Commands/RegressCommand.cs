using System.CommandLine;
using SmartQuant.Emit;
using SmartQuant.Sim;
using SmartQuant.Sim.Regress;
using Spectre.Console;

namespace SmartQuant.Cli.Commands;

/// <summary>
/// `smartquant regress`: suites of co-simulation cases (designs × configurations × tests × seeds) in parallel worker
/// processes, with shards, replay by ID, JUnit XML and a failure folder per failing case.
/// </summary>
public static class RegressCommand
{
    public static Command Create()
    {
        var suite = new Option<string>("--suite") { Description = $"suite to run: {string.Join(", ", Suites.Names)}", DefaultValueFactory = _ => "smoke" };
        var seed = new Option<string>("--seed") { Description = "seed of the random suite (which configurations are drawn)", DefaultValueFactory = _ => "1" };
        var randomConfigs = new Option<int>("--random-configs") { Description = "random configurations per test in the random suite", DefaultValueFactory = _ => 8 };
        var only = new Option<string[]>("--only") { Description = "run exactly these case IDs (replay), instead of a suite", AllowMultipleArgumentsPerToken = true };
        var shard = new Option<string?>("--shard") { Description = "run the i-th of n balanced, disjoint slices: i/n" };
        var junit = new Option<FileInfo?>("--junit") { Description = "write JUnit XML here" };
        var output = new Option<DirectoryInfo?>("--out") { Description = "results and failure folders (default build/regress/SUITE)" };
        var jobs = new Option<int>("--jobs") { Description = "parallel workers (default: all cores)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var timeout = new Option<int>("--timeout") { Description = "wall-clock limit per case in seconds", DefaultValueFactory = _ => 900 };
        var list = new Option<bool>("--list") { Description = "print the case IDs and exit" };
        var coverage = new Option<bool>("--coverage") { Description = "build with verilator --coverage and report line and toggle coverage per module, merged over all cases" };
        var worker = new Option<string?>("--worker") { Hidden = true };
        var result = new Option<FileInfo?>("--result") { Hidden = true };

        var cmd = new Command("regress", "Run a regression suite of co-simulation cases in parallel; replay a case with --only ID.")
        {
            suite, seed, randomConfigs, only, shard, junit, output, jobs, timeout, list, coverage, worker, result,
        };
        cmd.Subcommands.Add(CreateMerge());
        cmd.SetAction(r =>
        {
            var outDir = r.GetValue(output)?.FullName ?? Path.Combine(RepoPaths.Root, "build", "regress", r.GetValue(suite)!);
            if (r.GetValue(worker) is { } id) return RunWorker(id, outDir, r.GetValue(result) ?? throw new ArgumentException("--worker needs --result"), r.GetValue(coverage));

            var ids = r.GetValue(only) ?? [];
            var cases = ids.Length > 0
                ? ids.Select(RegressCase.Parse).ToList()
                : Suites.Build(r.GetValue(suite)!, SimCommand.ParseSeed(r.GetValue(seed)!), r.GetValue(randomConfigs));
            var suiteName = ids.Length > 0 ? "replay" : r.GetValue(suite)!;
            if (r.GetValue(shard) is { } s)
            {
                var (i, n) = Sharding.Parse(s);
                cases = Sharding.Slice(cases, i, n);
                suiteName += $"-shard{i}of{n}";
            }
            if (r.GetValue(list))
            {
                foreach (var c in cases) Console.WriteLine(c.Id);
                return 0;
            }
            if (cases.Count == 0) throw new ArgumentException($"the selection has no cases (suite {suiteName})");
            // Bad output paths fail now, not after the whole suite has run.
            OutputWriter.CheckDirectory(outDir, "regress output directory");
            if (r.GetValue(junit) is { } jf) OutputWriter.PrepareFile(jf.FullName, "JUnit file");
            var options = new RegressOptions
            {
                CliAssembly = typeof(RegressCommand).Assembly.Location,
                OutDirectory = outDir,
                Jobs = Math.Max(1, r.GetValue(jobs)),
                WallClockLimit = TimeSpan.FromSeconds(Math.Max(1, r.GetValue(timeout))),
                Coverage = r.GetValue(coverage),
            };
            var results = RunWithProgress(cases, options);
            if (r.GetValue(junit) is { } j) JUnitReport.Write(j.FullName, suiteName, results);
            if (options.Coverage)
                ReportCoverage([.. cases.Select(c => CaseRunner.CoverageFile(outDir, c.Id)).Where(File.Exists)], Path.Combine(outDir, "coverage", "merged.dat"));
            return Summarize(suiteName, results, r.GetValue(junit)?.FullName);
        });
        return cmd;
    }

    private static Command CreateMerge()
    {
        var files = new Argument<FileInfo[]>("files") { Description = "JUnit XML files written by shards (--junit)", Arity = ArgumentArity.OneOrMore };
        var junit = new Option<FileInfo?>("--junit") { Description = "write the combined JUnit XML here" };
        var coverage = new Option<FileInfo[]>("--coverage") { Description = "coverage files of the shards (OUT/coverage/merged.dat) to merge into one", AllowMultipleArgumentsPerToken = true };
        var cmd = new Command("merge", "Combine shard results (their --junit files) into one summary and one JUnit XML.") { files, junit, coverage };
        cmd.SetAction(r =>
        {
            if (r.GetValue(junit) is { } jf) OutputWriter.PrepareFile(jf.FullName, "JUnit file");
            var paths = r.GetValue(files)!.Select(f => f.Exists ? f.FullName : throw new FileNotFoundException($"shard result '{f.FullName}' not found")).ToList();
            var merged = JUnitReport.Merge(paths, out var suite);
            var name = suite.Split("-shard")[0];
            if (r.GetValue(junit) is { } j) JUnitReport.Write(j.FullName, name, merged);
            if (r.GetValue(coverage) is { Length: > 0 } cov)
            {
                var target = Path.Combine(Path.GetDirectoryName(r.GetValue(junit)?.FullName ?? Path.GetFullPath("merged.xml"))!, "coverage-merged.dat");
                ReportCoverage([.. cov.Select(f => f.Exists ? f.FullName : throw new FileNotFoundException($"coverage file '{f.FullName}' not found"))], target);
            }
            return Summarize(name, merged, r.GetValue(junit)?.FullName);
        });
        return cmd;
    }

    private static void ReportCoverage(IReadOnlyList<string> files, string merged)
    {
        if (files.Count == 0) { Console.WriteLine("coverage: no coverage files were written"); return; }
        CoverageSummary.Merge(files, merged);
        var modules = CoverageSummary.Read(merged);
        var table = new Table().AddColumns("module", "line + branch", "toggle");
        foreach (var m in modules)
            table.AddRow(m.Module, $"{m.LineHit}/{m.LinePoints} ({m.LinePercent:F1} %)", $"{m.ToggleHit}/{m.TogglePoints} ({m.TogglePercent:F1} %)");
        AnsiConsole.Write(table);
        OutputWriter.WriteAtomic(Path.ChangeExtension(merged, ".md"), CoverageSummary.Markdown(modules));
        Console.WriteLine($"coverage: {merged} ({files.Count} file(s) merged)");
    }

    private static int RunWorker(string id, string outDir, FileInfo resultFile, bool coverage)
    {
        var c = RegressCase.Parse(id);
        var r = CaseRunner.Run(c, outDir, coverage);
        OutputWriter.WriteAtomic(resultFile.FullName, r.ToJson());
        return 0;
    }

    private static IReadOnlyList<CaseResult> RunWithProgress(IReadOnlyList<RegressCase> cases, RegressOptions options)
    {
        int done = 0, failed = 0, running = 0;
        if (Console.IsOutputRedirected)
        {
            return WorkerPool.Run(cases, options, _ => Interlocked.Increment(ref running), r =>
            {
                var n = Interlocked.Increment(ref done);
                if (!r.Passed) Interlocked.Increment(ref failed);
                Interlocked.Decrement(ref running);
                lock (cases) Console.WriteLine($"[{n}/{cases.Count}] {r.Outcome.ToString().ToUpperInvariant(),-7} {r.Id} ({r.Seconds:F1} s){(r.Passed ? "" : " — " + r.Reason)}");
            });
        }
        IReadOnlyList<CaseResult> results = [];
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("regress", maxValue: cases.Count);
                void Describe() => task.Description = $"done {done}/{cases.Count}  failed {failed}  running {running}";
                Describe();
                results = WorkerPool.Run(cases, options,
                    _ => { Interlocked.Increment(ref running); lock (task) Describe(); },
                    r =>
                    {
                        Interlocked.Increment(ref done);
                        if (!r.Passed) Interlocked.Increment(ref failed);
                        Interlocked.Decrement(ref running);
                        lock (task) { task.Increment(1); Describe(); }
                    });
            });
        return results;
    }

    private static int Summarize(string suite, IReadOnlyList<CaseResult> results, string? junit)
    {
        var table = new Table().AddColumns("outcome", "cases");
        foreach (var g in results.GroupBy(r => r.Outcome).OrderBy(g => g.Key)) table.AddRow(g.Key.ToString(), g.Count().ToString());
        AnsiConsole.Write(table);
        foreach (var f in results.Where(r => !r.Passed))
        {
            Console.WriteLine($"{f.Outcome.ToString().ToUpperInvariant()} {f.Id}: {f.Reason}");
            if (f.FailureDirectory is not null) Console.WriteLine($"  folder: {f.FailureDirectory}");
            Console.WriteLine($"  replay: smartquant regress --only {f.Id}");
        }
        if (junit is not null) Console.WriteLine($"junit: {junit}");
        var bad = results.Count(r => !r.Passed);
        Console.WriteLine($"regress {suite}: {results.Count - bad} passed, {bad} failed");
        return bad == 0 ? 0 : 1;
    }
}
