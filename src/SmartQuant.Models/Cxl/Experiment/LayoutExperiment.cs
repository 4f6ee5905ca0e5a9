using SmartQuant.Models.Cxl.Link;
using SmartQuant.Models.Dram;

namespace SmartQuant.Models.Cxl.Experiment;

/// <summary>A link + DRAM configuration of the layout experiment.</summary>
public sealed record Platform(string Name, LinkConfig Link, DramConfig Dram)
{
    /// <summary>Full-precision streaming is link-bound: x8 link (31.5 GB/s raw) against four sub-channels (76.8 GB/s).</summary>
    public static Platform LinkBoundX8 { get; } = new("x8 link, 4 sub-channels", LinkConfig.X8, DramConfig.Default);
    /// <summary>The default: x16 link against four sub-channels (link-bound at full precision too).</summary>
    public static Platform X16 { get; } = new("x16 link, 4 sub-channels", LinkConfig.X16, DramConfig.Default);
    /// <summary>DRAM-bound: x16 link against two sub-channels (38.4 GB/s).</summary>
    public static Platform DramBoundX16 { get; } = new("x16 link, 2 sub-channels", LinkConfig.X16, DramConfig.Default with { SubChannels = 2 });
}

/// <summary>One (platform, layout) measurement and its speed-up over the full-precision load on the same platform.</summary>
public sealed record LayoutRow(string Platform, string Layout, LoadMeasurement M, double Speedup);

/// <summary>
/// PACKED vs PADDED vs full precision: the same tensor of <c>blocks</c> blocks loaded at full precision (8 lines per
/// block), through a PACKED k-bit alias (k lines, k bursts) and through a PADDED k-bit alias (8 lines, k bursts), on
/// a link-bound and a DRAM-bound platform. Load time is simulated (first request to last response).
/// </summary>
public static class LayoutExperiment
{
    public static IReadOnlyList<LayoutRow> Run(IReadOnlyList<Platform> platforms, int blocks, int k = 4, Action<string>? progress = null)
    {
        var rows = new List<LayoutRow>();
        foreach (var p in platforms)
        {
            progress?.Invoke(p.Name);
            var full = ModelLoad.Run(Enumerable.Repeat(8, blocks).ToArray(), StoreLayout.WordMajor, 1, p.Link, p.Dram);
            var packed = ModelLoad.Run(Enumerable.Repeat(k, blocks).ToArray(), StoreLayout.Packed, 1, p.Link, p.Dram);
            var padded = ModelLoad.Run(Enumerable.Repeat(k, blocks).ToArray(), StoreLayout.Padded, 1, p.Link, p.Dram);
            rows.Add(new(p.Name, "full precision", full, 1));
            rows.Add(new(p.Name, $"PACKED k={k}", packed, (double)full.Cycles / packed.Cycles));
            rows.Add(new(p.Name, $"PADDED k={k}", padded, (double)full.Cycles / padded.Cycles));
        }
        return rows;
    }
}
