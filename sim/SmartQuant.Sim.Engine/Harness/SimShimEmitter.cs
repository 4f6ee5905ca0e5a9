using SmartQuant.Hdl.Simulation;
using SmartQuant.Emit;

namespace SmartQuant.Sim;

/// <summary>
/// Renders the native co-simulation shim (<c>sim_shim.cpp.scriban</c>) for one top module: an <c>extern "C"</c> API
/// over the Verilated model that moves whole packed <see cref="PortMap"/> buffers per cycle, so the C# side never
/// addresses a port by a hand-written offset.
/// </summary>
public static class SimShimEmitter
{
    /// <summary>One port as the template sees it (Words32: the 32-bit chunks Verilator stores a wide port in).</summary>
    public sealed record ShimPort(string Name, int Width, int Offset, int Words, int Words32, bool IsWide, string TopMask);

    /// <summary>The Verilator <c>--prefix</c> used for a top module (one per top, so several models share a process).</summary>
    public static string Prefix(string topName) => $"Vsq_{topName}";

    public static string Render(PortMap map, bool hasReset, bool trace, bool coverage = false) =>
        TemplateRenderer.Render(typeof(SimShimEmitter).Assembly, "sim_shim.cpp.scriban", new
        {
            GeneratorVersion = TemplateRenderer.GeneratorVersion,
            TopName = map.TopName,
            Prefix = Prefix(map.TopName),
            Trace = trace,
            Coverage = coverage,
            HasClock = map.HasClock,
            HasReset = hasReset,
            InputWords = map.InputWords,
            OutputWords = map.OutputWords,
            InputWordsAlloc = Math.Max(map.InputWords, 1),
            Inputs = map.Inputs.Select(ToShim).ToList(),
            Outputs = map.Outputs.Select(ToShim).ToList(),
        });

    /// <summary>The plain C++ harness of the benchmark: the shim's per-cycle code plus a timed main over recorded vectors.</summary>
    public static string RenderHarness(PortMap map, bool hasReset) =>
        TemplateRenderer.Render(typeof(SimShimEmitter).Assembly, "bench_harness.cpp.scriban", new
        {
            GeneratorVersion = TemplateRenderer.GeneratorVersion,
            TopName = map.TopName,
            ShimSource = Render(map, hasReset, trace: false),
            InputWords = map.InputWords,
            OutputWords = map.OutputWords,
            InputWordsAlloc = Math.Max(map.InputWords, 1),
            OutputWordsAlloc = Math.Max(map.OutputWords, 1),
        });

    private static ShimPort ToShim(PortSlot p) =>
        new(p.Name, p.Width, p.Offset, p.Words, (p.Width + 31) / 32, p.Width > 64, $"0x{p.TopMask:x}");
}
