using SmartQuant.Emit;
using SmartQuant.Eda;
using SmartQuant.Sim;
using SmartQuant.Hdl;
using SmartQuant.Hdl.Ir;
using SmartQuant.Hdl.Simulation;

namespace SmartQuant.Sim;

/// <summary>A built co-simulation library: the shared object, its port map and where it came from.</summary>
public sealed record SimLibrary(string Path, string Key, string Directory, PortMap Map, bool Trace, bool FromCache, TimeSpan Elapsed)
{
    public string BuildLog => System.IO.Path.Combine(Directory, "build.log");
}

/// <summary>
/// Builds a design's Verilated model plus the generated shim into a shared library with
/// <c>verilator --cc --exe --build</c> (docs/eda-tools.md §2–§3): <c>-fPIC -fvisibility=hidden</c>, <c>OPT_FAST=-O3</c> (see <see cref="OptFast"/>),
/// <c>--prefix</c> per top, <c>--no-timing</c>, X-realism (<c>--x-assign unique --x-initial unique</c>, seeded per
/// model). Two variants: fast (no trace) and traced (<c>--trace-fst</c>). Products are cached by content.
/// </summary>
public static class VerilatorBuild
{
    /// <summary>Bump when the build recipe changes in a way the flags below do not show.</summary>
    private const string RecipeVersion = "1";

    private static readonly Lazy<string> VersionText = new(() =>
    {
        var r = ToolRunner.Run("verilator", ["--version"]);
        if (r.ExitCode != 0) throw new HdlException($"`verilator --version` failed: {r.Combined}");
        return r.StdOut.Trim();
    });

    /// <summary>The installed Verilator's version line (one clear error when it is missing).</summary>
    public static string VerilatorVersion => VersionText.Value;

    /// <param name="coverage">Build with <c>--coverage</c> (line, branch and toggle counters; slower) for regressions.</param>
    /// <param name="optFast">C++ optimization of the model for this build instead of <see cref="OptFast"/> (e.g. <c>-O1</c> for
    /// a run of a few hundred cycles, whose time is then mostly the compile); a finished build at <see cref="OptFast"/>
    /// already in the cache is used instead, as it costs nothing.</param>
    public static SimLibrary Build(IrDesign design, bool trace = false, BuildCache? cache = null, bool coverage = false, string? optFast = null)
    {
        var map = new PortMap(design.Top);
        var shim = new EmittedFile("sim_shim.cpp", SimShimEmitter.Render(map, HasReset(design), trace, coverage));
        var lib = $"libsim_{design.Top.Name}{(trace ? "_trace" : "")}{(coverage ? "_cov" : "")}.so";
        var usual = Flags(design.Top.Name, trace, coverage);
        var asked = optFast is null || optFast == OptFast ? usual : Flags(design.Top.Name, trace, coverage, CheckOptLevel(optFast, "optFast"));
        return Build(design, map, shim, lib, asked, trace, cache, ReferenceEquals(asked, usual) ? null : usual);
    }

    /// <summary>
    /// Builds the plain C++ benchmark harness (an executable: the shim's per-cycle code and a timed main reading
    /// packed input vectors) with the fast variant's flags. <see cref="SimLibrary.Path"/> is the executable.
    /// </summary>
    public static SimLibrary BuildHarness(IrDesign design, BuildCache? cache = null)
    {
        var map = new PortMap(design.Top);
        var harness = new EmittedFile("bench_harness.cpp", SimShimEmitter.RenderHarness(map, HasReset(design)));
        var flags = Flags(design.Top.Name, trace: false).Where(f => f != "-shared").ToList();
        flags.RemoveAt(flags.IndexOf("-LDFLAGS"));
        flags[flags.IndexOf("-fPIC -fvisibility=hidden")] = "-fvisibility=hidden"; // a plain executable: no PIC penalty
        return Build(design, map, harness, $"bench_{design.Top.Name}", flags, false, cache);
    }

    private static bool HasReset(IrDesign design) => design.Top.Ports.Any(p => p.IsClockOrReset && p.Name == "rst");

    /// <param name="cachedAlternative">Flags of an equivalent build to use instead when it is already in the cache.</param>
    private static SimLibrary Build(IrDesign design, PortMap map, EmittedFile shim, string lib, IReadOnlyList<string> flags, bool trace, BuildCache? cache,
        IReadOnlyList<string>? cachedAlternative = null)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        ToolRunner.Require("verilator");
        cache ??= BuildCache.Default;
        var top = design.Top.Name;
        var sources = VerilogEmitter.Emit(design).Where(f => f.Name.EndsWith(".v", StringComparison.Ordinal)).ToList();

        string Key(IReadOnlyList<string> f) => BuildCache.Key(
            new[] { ("recipe", RecipeVersion), ("verilator", VerilatorVersion), ("flags", string.Join('\n', f)), ("lib", lib) }
                .Concat(sources.Append(shim).Select(x => (x.Name, x.Content))));
        var key = Key(flags);
        if (cachedAlternative is not null && cache.Has(Key(cachedAlternative))) (key, flags) = (Key(cachedAlternative), cachedAlternative);
        var (dir, fromCache) = cache.GetOrBuild(key, d => Compile(d, top, flags, sources, shim, lib));
        return new SimLibrary(Path.Combine(dir, lib), key, dir, map, trace, fromCache, started.Elapsed);
    }

    /// <summary>Environment variable that sets the C++ optimization of the model's hot code (OPT_FAST).</summary>
    public const string OptFastVariable = "SMARTQUANT_VERILATOR_OPT_FAST";

    /// <summary>
    /// <c>-O3</c> unless <see cref="OptFastVariable"/> says <c>-O0</c>…<c>-O3</c> or <c>-Os</c>. The test suite asks for
    /// <c>-O1</c>: its runs are short and on a fresh CI clone the C++ compile of the large designs is most of its time,
    /// while benchmarks and users keep <c>-O3</c>. The level is one of the flags, so it is part of the cache key.
    /// </summary>
    public static string OptFast
    {
        get
        {
            var v = Environment.GetEnvironmentVariable(OptFastVariable);
            return string.IsNullOrEmpty(v) ? "-O3" : CheckOptLevel(v, OptFastVariable);
        }
    }

    private static string CheckOptLevel(string v, string what) =>
        v is "-O0" or "-O1" or "-O2" or "-O3" or "-Os" ? v : throw new HdlException($"{what}='{v}' is not one of -O0, -O1, -O2, -O3, -Os");

    /// <summary>Every Verilator flag but the file names and output paths (they are part of the cache key).</summary>
    public static IReadOnlyList<string> Flags(string top, bool trace, bool coverage = false, string? optFast = null)
    {
        var flags = new List<string>
        {
            "--cc", "--exe", "--build", "-j", "2", "--no-timing", "-Wno-fatal",
            "--top-module", top, "--prefix", SimShimEmitter.Prefix(top), "--timescale", "1ns/1ns",
            "--x-assign", "unique", "--x-initial", "unique",
            "-CFLAGS", "-fPIC -fvisibility=hidden", "-LDFLAGS", "-shared",
            "-MAKEFLAGS", $"OPT_FAST={optFast ?? OptFast}", "-MAKEFLAGS", "OPT_SLOW=-O1",
        };
        if (trace) flags.Add("--trace-fst");
        if (coverage) flags.Add("--coverage");
        return flags;
    }

    private static void Compile(string dir, string top, IReadOnlyList<string> flags, IReadOnlyList<EmittedFile> sources, EmittedFile shim, string lib)
    {
        var src = Path.Combine(dir, "src");
        foreach (var f in sources.Append(shim)) OutputWriter.WriteAtomic(Path.Combine(src, f.Name), f.Content);
        var args = flags
            .Concat(["-Mdir", Path.Combine(dir, "obj"), "-o", Path.Combine(dir, lib), Path.Combine(src, shim.Name)])
            .Concat(sources.Select(f => Path.Combine(src, f.Name)));
        var log = Path.Combine(dir, "build.log");
        var r = ToolRunner.Run("verilator", args, workingDirectory: dir);
        File.WriteAllText(log, $"$ verilator {string.Join(' ', args)}\n{r.StdOut}\n{r.StdErr}\nexit {r.ExitCode}\n");
        if (r.ExitCode != 0 || !File.Exists(Path.Combine(dir, lib)))
        {
            // Keep the log where a user finds it after the failed entry is cleared on the next attempt.
            var kept = Path.Combine(Path.GetDirectoryName(dir)!, $"{Path.GetFileName(dir)}.failed.log");
            File.Copy(log, kept, overwrite: true);
            var tail = string.Join('\n', (r.StdErr.Length > 0 ? r.StdErr : r.StdOut).Split('\n').Where(l => l.Trim().Length > 0).TakeLast(15));
            throw new HdlException($"verilator build of '{top}' failed (exit {r.ExitCode}); log: {kept}\n{tail}");
        }
    }
}
