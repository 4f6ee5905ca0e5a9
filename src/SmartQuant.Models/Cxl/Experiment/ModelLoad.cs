using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw;
using SmartQuant.Hw.Cxl;
using SmartQuant.Models.Dram;

namespace SmartQuant.Models.Cxl.Experiment;

/// <summary>What one model load cost on the golden model + DRAM model.</summary>
public sealed record LoadMeasurement(long Cycles, long Lines, DramStats Dram, DramEnergyReport Energy, double CycleNs)
{
    public double DeviceNs => Cycles * CycleNs;
    public long DramBytes => (Dram.ReadBursts + Dram.WriteBursts) * 64;
}

/// <summary>
/// Streams a weight tensor out of the cxl-store golden model over its DRAM model, block after block, each block
/// through the alias of its precision. The bit-plane store reads a k-bit block as k PACKED lines (k plane bursts);
/// the conventional word-major store is the same controller read through the full-precision alias only: 8 lines
/// and 8 bursts per block whatever the block's precision (the host drops the unused bits). DRAM content is left at
/// zero: cost does not depend on the values.
/// </summary>
public static class ModelLoad
{
    /// <summary>The experiment's controller: default, with a 64-entry block buffer so the DRAM, not the buffer, limits streaming.</summary>
    public static CxlStoreConfig Config { get; } = new() { BufferEntries = 64, Regions = 4 };
    private const long AliasStride = 1L << 20;
    // Elaborating the 64-entry controller takes seconds: once per process.
    private static readonly Lazy<PortMap> Map = new(() => new PortMap(DesignCatalog.Find("cxl-store").Elaborate(Config).Top));

    public static LoadMeasurement Run(IReadOnlyList<int> bits, bool wordMajor)
    {
        var blocks = bits.Count;
        var lowK = wordMajor ? [] : bits.Where(k => k < 8).Distinct().Order().ToArray();
        if (lowK.Length > Config.Regions - 1) throw new ArgumentException($"at most {Config.Regions - 1} low precisions fit the region table");
        var map = Map.Value;
        var bench = new CxlBench(new CxlStoreModel(Config, map), map);
        var host = new CxlHostDriver(bench);
        var regions = new List<RegionSpec> { new(0, 8L * blocks, 0, 8, RegionFormat.Padded) };
        regions.AddRange(lowK.Select((k, i) => new RegionSpec((i + 1) * AliasStride, (i + 1) * AliasStride + (long)k * blocks, 0, k, RegionFormat.Packed)));
        host.Program(0, 1L << 24, regions);

        long lines = 0;
        for (var b = 0; b < blocks; b++)
        {
            var k = bits[b];
            if (wordMajor || k == 8)
                for (var j = 0; j < 8; j++, lines++) host.Read(8L * b + j);
            else
            {
                var base_ = (Array.IndexOf(lowK, k) + 1) * AliasStride;
                for (var j = 0; j < k; j++, lines++) host.Read(base_ + (long)k * b + j);
            }
        }
        var before = bench.Dram.Stats.Clone();
        var start = bench.Cycle;
        host.Run();
        var stats = bench.Dram.Stats.Since(before);
        return new LoadMeasurement(bench.Cycle - start, lines, stats, bench.Dram.Energy.Report(stats), bench.Dram.Config.ControllerCycleNs);
    }
}
