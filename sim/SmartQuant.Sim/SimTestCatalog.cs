using SmartQuant.Hdl;
using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Common;
using SmartQuant.Hw.MacArray;
using SmartQuant.Hw.MicroScopiQ;
using SmartQuant.Models.Fifo;
using SmartQuant.Models.MacArray;
using SmartQuant.Models.MicroScopiQ;
using SmartQuant.Sim.Drivers;
using SmartQuant.Sim.Drivers.Cxl;

namespace SmartQuant.Sim;

/// <summary>
/// Every co-simulation test, for <c>smartquant sim</c>, <c>make run</c> and regressions. Adding a test is one line;
/// the first line of a design is its default test.
/// </summary>
public static class SimTestCatalog
{
    public static IReadOnlyList<ISimTest> All { get; } =
    [
        new SimTest("fifo", "random", "random valid/ready traffic with bursts, stalls and back-pressure",
            (c, m) => new FifoGolden((FifoConfig)c, PortBindings.Fifo(m)), (c, m, s) => new FifoDriver(PortBindings.Fifo(m), s),
            FifoDontCares),
        new SimTest("mac-array", "random", "random weight loads and activation streams with random enable stalls",
            (c, m) => new MacArrayGolden((MacArrayConfig)c, PortBindings.MacArray(m)), (c, m, s) => new MacArrayDriver((MacArrayConfig)c, PortBindings.MacArray(m), s)),
        CxlStore("stream", "full-precision and k-bit streaming reads (PACKED/PADDED, rounding) against the KBitView, stalled and stall-free", CxlStoreSimTests.Stream),
        CxlStore("random", "random single-line reads/writes, HDM interleave, NXM, low-precision writes, tag reuse, stalls on every channel", CxlStoreSimTests.Random),
        CxlStore("interleave", "HDM interleave incl. 3/6/12 ways: writes and reads through every way's host lines, NXM around the regions", CxlStoreSimTests.Interleave),
        CxlStore("streams", "1 to 4×entries interleaved sequential readers of k-bit and full-precision views (block-buffer halves, replacement), rewrites, stalls", CxlStoreSimTests.Streams),
        CxlStore("ingest", "1 to combiners+2 interleaved writers: whole and partial blocks, evictions, racing reads, rewritten lines, read back through the views", CxlStoreSimTests.Ingest),
        CxlStore("partial", "MemWrPtl with random byte enables (none, one, runs, sparse, all) to the full-precision alias and a passthrough window, read back through the views", CxlStoreSimTests.Partial),
        CxlStore("poison", "the partial scenario with RwD Poison on a third of the writes: lines poisoned, rewritten clean (whole or partial), DRS Poison of every view checked", CxlStoreSimTests.Poison),
        CxlStore("credit-backpressure", "the host returns S2M credits sparsely (held back 50-95 % of cycles): DRS/NDR wait for credits, M2S input buffers fill, reads and rewrites of k-bit views", CxlStoreSimTests.CreditBackpressure),
        CxlStore("credit-overrun", "a misbehaving host sends past its M2S credits on a held-up device: dropped messages match the overrun counters, dropped writes leave no trace (read back)", CxlStoreSimTests.CreditOverrun),
        MicroScopiQ("gemm-bb2", "bb = 2 layer, 16 tokens per tile, double-buffered loads, random stalls on every handshake", new([2], 16, StallRates: [0, 5, 20, 50])),
        MicroScopiQ("gemv-bb2", "bb = 2 layer, one token per tile (load-bound GEMV), random stalls", new([2], 1, StallRates: [0, 10, 30])),
        MicroScopiQ("gemv-bb4", "bb = 4 layer, one token per tile (load-bound GEMV), random stalls", new([4], 1, StallRates: [0, 10, 30])),
        MicroScopiQ("gemm-bb4", "bb = 4 layer, 16 tokens per tile, random stalls", new([4], 16, StallRates: [0, 5, 20, 50])),
        MicroScopiQ("adversarial", "4 negative outliers in every µB, ΔO = 15, ±127 activations, bb 2 ↔ 4 mode switches, stalls", new([2, 4], 3, Adversarial: true, StallRates: [0, 20, 60])),
        MicroScopiQ("no-stall", "bb 2 and 4 layers back to back without any gap (peak throughput, counters)", new([2, 4], 8)),
        new SimTest("microscopiq", RealLayerSet.TestName, "real all-MiniLM-L6-v2 layers (attention query, FFN-down) quantized by MicroScopiQ at bb 2 and 4 (GPTQ on real activations), real INT8 held-out activations, 256 tokens per tile, stalls; every result also checked against the exact reference. Needs the real model (docs/real-model.md)",
            (c, m) => new MicroScopiQModel((MicroScopiQConfig)c, PortBindings.MicroScopiQ(m)), (c, m, s) => new RealLayerStimulus((MicroScopiQConfig)c, m, s)),
        MicroScopiQ("recon-conflict", "every row holds outlier µBs and tokens stream back to back, so every row wants ReCoN every cycle (arbitration conflicts and stalls with shared ReCoN units), bb 2 and 4, stalls", new([2, 4], 8, Adversarial: true, StallRates: [0, 0, 20])),
        MxIntArraySimTests.Test("gemm-bb4", "MX-INT-4 layers, 16 tokens per tile, double-buffered loads, random stalls on every handshake", [4], new(16, [0, 5, 20, 50])),
        MxIntArraySimTests.Test("gemv-bb4", "MX-INT-4 layers, one token per tile (load-bound GEMV), random stalls", [4], new(1, [0, 30, 70])),
        MxIntArraySimTests.Test("mixed", "MX-INT-4 and MX-INT-2 layers in turn (idle mode switches), full-scale activations, 3 tokens per tile, stalls", [4, 2], new(3, [0, 20, 60], FullScale: true)),
        MxIntArraySimTests.Test("no-stall", "MX-INT-4 and -2 layers back to back without any gap (peak throughput, counters)", [4, 2], new(8, [0])),
        OliveArraySimTests.Test("gemm", "4-bit outlier-victim pair layers (every abfloat code, victims in either slot), 16 tokens per tile, double-buffered loads, random stalls", new(16, [0, 5, 20, 50])),
        OliveArraySimTests.Test("gemv", "pair layers, one token per tile (load-bound GEMV: decoders busy), random stalls", new(1, [0, 30, 70])),
        OliveArraySimTests.Test("full-scale", "pair layers with ±127/−128 activations (largest products: 96 × −128), 3 tokens per tile, heavy stalls", new(3, [0, 20, 60], FullScale: true)),
        OliveArraySimTests.Test("no-stall", "pair layers back to back without any gap (peak throughput, counters)", new(8, [0])),
    ];

    private static IReadOnlyList<DontCare> FifoDontCares(PortMap m)
    {
        var f = PortBindings.Fifo(m);
        return [.. DontCare.WhileInvalid(f.OutValid, [f.OutData])];
    }

    /// <summary>A cxl-store scenario: every one runs against the same golden model with the same don't-care rules.</summary>
    private static SimTest CxlStore(string name, string description, Func<DesignConfig, PortMap, ulong, CxlStoreDriver> driver) =>
        new("cxl-store", name, description, CxlStoreSimTests.Golden, driver, CxlStoreSimTests.DontCares);

    private static SimTest MicroScopiQ(string name, string description, MicroScopiQScenario scenario) =>
        new("microscopiq", name, description,
            (c, m) => new MicroScopiQModel((MicroScopiQConfig)c, PortBindings.MicroScopiQ(m)),
            (c, m, s) => new MicroScopiQStimulus((MicroScopiQConfig)c, m, s, scenario));

    /// <summary>
    /// Tests whose stimulus comes from the real model (its package, the passages and an extraction of about a minute):
    /// they run in the nightly and random regressions and on request, not in the smoke suite of `make test`.
    /// </summary>
    public static bool NeedsRealModel(ISimTest t) => t.Design == "microscopiq" && t.Name == RealLayerSet.TestName;

    /// <summary>The tests of <paramref name="design"/> (possibly none).</summary>
    public static IReadOnlyList<ISimTest> ForDesign(string design) => [.. All.Where(t => t.Design == design)];

    /// <summary>The named test of a design, or its default test when <paramref name="test"/> is null.</summary>
    public static ISimTest Find(string design, string? test = null)
    {
        var tests = ForDesign(design);
        if (tests.Count == 0) throw new HdlException($"design '{design}' has no co-simulation test (designs with tests: {string.Join(", ", All.Select(t => t.Design).Distinct())})");
        if (test is null) return tests[0];
        return tests.FirstOrDefault(t => t.Name == test)
               ?? throw new HdlException($"design '{design}' has no test '{test}' (tests: {string.Join(", ", tests.Select(t => t.Name))})");
    }
}
