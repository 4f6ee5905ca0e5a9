using System.Collections.Concurrent;
using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw;
using SmartQuant.Hw.Cxl;
using SmartQuant.Models.Cxl;
using SmartQuant.Sim;

namespace SmartQuant.Cxl.Tests.Cxl;

/// <summary>Golden-model benches over the elaborated cxl-store top's ports, bound through its fields (elaborated once per configuration).</summary>
internal static class GoldenBench
{
    private static readonly ConcurrentDictionary<CxlStoreConfig, CxlStorePorts> Bound = new();

    public static CxlStoreConfig Small { get; } = new(bufferEntries: 4, regions: 4, flushIdleCycles: 16);

    public static (CxlBench Bench, CxlHostDriver Host, CxlStoreModel Model) Create(CxlStoreConfig cfg, int seed = 1, int tags = 1 << 16)
    {
        var ports = Bound.GetOrAdd(cfg, c => PortBindings.CxlStore(DesignCatalog.Find("cxl-store").BoundPortMap(c)));
        var model = new CxlStoreModel(cfg, ports);
        var bench = new CxlBench(model, ports, seed: seed);
        return (bench, new CxlHostDriver(bench, seed, tags), model);
    }

    public static byte[] RandomWeights(int blocks, int seed)
    {
        var w = new byte[blocks * 512];
        new Random(seed).NextBytes(w);
        return w;
    }

    /// <summary>Standard map: R0 full precision (identity), R1 PACKED k, R2 PADDED k (optionally rounded), R3 passthrough.</summary>
    public static RegionSpec[] Regions(int blocks, int k, bool round = false) =>
    [
        new(0, 8L * blocks, 0, 8, RegionFormat.Padded),
        new(1 << 20, (1 << 20) + (long)k * blocks, 0, k, RegionFormat.Packed, round),
        new(2 << 20, (2 << 20) + 8L * blocks, 0, k, RegionFormat.Padded, round),
        new(3 << 20, (3 << 20) + 1024, 1 << 16, 8, RegionFormat.Passthrough),
    ];

    public static void Load(CxlHostDriver host, byte[] weights)
    {
        for (var l = 0; l < weights.Length / 64; l++) host.Write(l, weights.AsSpan(64 * l, 64).ToArray());
        host.Run();
        // a Cmp follows the DRAM's acceptance into its write queue: let the queued writes finish, so what is measured
        // after the load does not share the DRAM with the load's last writes
        host.RunUntilDramIdle();
    }
}
