using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SmartQuant.Hdl.Ir;
using SmartQuant.Emit;

namespace SmartQuant.Eda;

/// <summary>
/// Block-level area flow: every distinct module definition of an elaborated design is synthesized once, on its own
/// (`yosys synth -top M` with its direct children read as black boxes), and the design's area is each module's own
/// cells times its instance count. This is what a hierarchical `yosys synth` of the whole design counts (it too keeps
/// module boundaries and synthesizes each definition once; <c>BlockSynthTests</c> checks the two agree cell for cell),
/// but one yosys process per block instead of one for the whole design means: blocks run in parallel, a block's result
/// is cached by its Verilog text (so a changed design re-synthesizes only the blocks that changed, and blocks shared by
/// configurations, like the PE, are synthesized once for all of them), and peak memory is the largest block's.
/// RAM macros (modules holding only memories, <see cref="AreaModel.IsRamMacro"/>) are not synthesized: zero cells
/// here, their area comes from the model.
/// A flattened synth can be smaller: constants and unused outputs then cross module boundaries (e.g. row 0's zero
/// psum input, a child output nobody reads), which a block synthesized on its own cannot see.
/// </summary>
public static class BlockSynth
{
    /// <summary>The design's modules and total in <see cref="SynthGate.Report"/> form (the total is the design hierarchy's,
    /// children counted inside their parents' instances), so <see cref="AreaBreakdown"/> and <see cref="AreaModel"/>
    /// read it like a hierarchical run. <paramref name="Synthesized"/> blocks ran yosys, <paramref name="Cached"/> were read back.</summary>
    public sealed record Result(SynthGate.Report Report, int Synthesized, int Cached);

    /// <param name="cacheDirectory">Where per-block results are kept (one small JSON per block text); null = no cache.</param>
    /// <param name="parallel">yosys processes at once.</param>
    /// <param name="progress">Called once per finished block (module name, seconds, whether it came from the cache).</param>
    public static Result Run(IrDesign design, IReadOnlyList<EmittedFile> files, string? cacheDirectory, int parallel = 2,
        Action<string, double, bool>? progress = null)
    {
        var text = files.ToDictionary(f => f.Name, f => f.Content);
        string Source(string module) => text.TryGetValue(module + ".v", out var s) ? s
            : throw new InvalidOperationException($"no emitted file for module '{module}'");
        var tool = ToolVersion();
        var areas = new ConcurrentDictionary<string, ModuleArea>();
        int synthesized = 0, cached = 0;
        // Largest blocks first, handed out one at a time: the long runs (at 64×64 the array and the pool) start at once
        // side by side instead of queuing behind hundreds of small delay lines.
        var order = design.Modules.OrderByDescending(m => Source(m.Name).Length).ThenBy(m => m.Name, StringComparer.Ordinal).ToList();
        Parallel.ForEach(Partitioner.Create(order, EnumerablePartitionerOptions.NoBuffering),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel) }, m =>
        {
            if (AreaModel.IsRamMacro(m))
            {
                // A RAM block: its area is the model's (AreaModel), and yosys would only make a flip-flop array of it.
                areas[m.Name] = new ModuleArea(m.Name, 0, 0);
                return;
            }
            var children = m.Instances.Select(i => i.ModuleName).Distinct().Order(StringComparer.Ordinal).ToArray();
            var key = Key(tool, Source(m.Name), children.Select(Source));
            var cacheFile = cacheDirectory is null ? null : Path.Combine(cacheDirectory, $"{m.Name}-{key}.json");
            var sw = System.Diagnostics.Stopwatch.StartNew();
            if (cacheFile is not null && File.Exists(cacheFile) && JsonSerializer.Deserialize<ModuleArea>(File.ReadAllText(cacheFile)) is { } hit)
            {
                areas[m.Name] = hit;
                Interlocked.Increment(ref cached);
                progress?.Invoke(m.Name, sw.Elapsed.TotalSeconds, true);
                return;
            }
            var area = SynthOne(m.Name, Source(m.Name), children.ToDictionary(c => c, Source));
            areas[m.Name] = area;
            Interlocked.Increment(ref synthesized);
            if (cacheFile is not null)
            {
                Directory.CreateDirectory(cacheDirectory!);
                OutputWriter.WriteAtomic(cacheFile, JsonSerializer.Serialize(area));
            }
            progress?.Invoke(m.Name, sw.Elapsed.TotalSeconds, false);
        });

        var counts = AreaBreakdown.InstanceCounts(design);
        long cells = 0, ffs = 0;
        foreach (var m in design.Modules)
        {
            var a = areas[m.Name];
            var times = counts.GetValueOrDefault(m.Name);
            cells += times * (a.Cells - m.Instances.Length); // a child instance is one cell of its parent in yosys' count
            ffs += times * a.FlipFlops;
        }
        var modules = design.Modules.Select(m => areas[m.Name]).ToList();
        return new Result(new SynthGate.Report(modules, new ModuleArea(design.Top.Name, cells, ffs), ""), synthesized, cached);
    }

    /// <summary>One block: its children are black boxes (read with -lib), so only its own logic is synthesized.</summary>
    private static ModuleArea SynthOne(string module, string source, IReadOnlyDictionary<string, string> children)
    {
        var dir = Directory.CreateTempSubdirectory($"smartquant-block-{module}-").FullName;
        try
        {
            var own = Path.Combine(dir, module + ".v");
            File.WriteAllText(own, source);
            var script = new StringBuilder();
            foreach (var (name, text) in children)
            {
                var f = Path.Combine(dir, name + ".v");
                File.WriteAllText(f, text);
                script.Append($"read_verilog -lib {f}; ");
            }
            script.Append($"read_verilog {own}; synth -top {module}; tee -o /dev/stdout stat");
            var r = ToolRunner.Run("yosys", ["-q", "-p", script.ToString()]);
            if (r.ExitCode != 0) throw new InvalidOperationException($"yosys synth failed for block {module}:\n{r.Combined}");
            return SynthGate.Parse(r.StdOut, module).Modules.FirstOrDefault(x => x.Module == module)
                ?? throw new InvalidOperationException($"yosys reported no module '{module}' in its stat of that block");
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>Cache key: yosys' version and the block's and its children's Verilog without the first line (it names the
    /// design's config hash, which changes with every parameter even where this block did not).</summary>
    private static string Key(string tool, string source, IEnumerable<string> children)
    {
        static string Body(string v) => v[(v.IndexOf('\n') + 1)..];
        var all = string.Join("\n\0\n", new[] { tool, Body(source) }.Concat(children.Select(Body)));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(all)))[..20].ToLowerInvariant();
    }

    private static string? _toolVersion;
    private static string ToolVersion() => _toolVersion ??= ToolRunner.Run("yosys", ["-V"]).StdOut.Trim();
}
