using SmartQuant.Hw.Cxl;
using SmartQuant.Models.Cxl.Link;
using SmartQuant.Models.Dram;

namespace SmartQuant.Models.Cxl.Experiment;

/// <summary>How a tensor is stored and read.</summary>
public enum StoreLayout
{
    /// <summary>Conventional word-major store: the full-precision alias only, 8 lines and 8 bursts per block whatever its precision.</summary>
    WordMajor,
    /// <summary>Bit-plane store read through PACKED k-bit aliases: k lines and k bursts per block.</summary>
    Packed,
    /// <summary>Bit-plane store read through PADDED k-bit aliases: k bursts but 8 lines per block (one weight per byte).</summary>
    Padded,
}

/// <summary>
/// Streams a weight tensor out of the cxl-store golden model over its DRAM model and through the link, block after
/// block, each block through the alias of its precision; with several readers each walks its own contiguous part
/// and their requests interleave on the link. DRAM content is left at zero: cost does not depend on the values.
/// Load time, energy and bytes come out of the simulation (<see cref="LinkedRun"/>).
/// </summary>
public static class ModelLoad
{
    /// <summary>The experiment's controller: default, with a 64-entry block buffer so the DRAM or the link, not the buffer, limits streaming.</summary>
    public static CxlStoreConfig Config { get; } = new(bufferEntries: 64, regions: 4);
    private const long AliasStride = 1L << 20;

    public static LoadMeasurement Run(IReadOnlyList<int> bits, StoreLayout layout, int readers = 1, LinkConfig? link = null, DramConfig? dram = null)
    {
        var blocks = bits.Count;
        var lowK = layout == StoreLayout.WordMajor ? [] : bits.Where(k => k < 8).Distinct().Order().ToArray();
        if (lowK.Length > Config.Regions - 1) throw new ArgumentException($"at most {Config.Regions - 1} low precisions fit the region table");
        var format = layout == StoreLayout.Padded ? RegionFormat.Padded : RegionFormat.Packed;
        var linesPerBlock = (int k) => format == RegionFormat.Padded ? 8 : k;
        var regions = new List<RegionSpec> { new(0, 8L * blocks, 0, 8, RegionFormat.Padded) };
        regions.AddRange(lowK.Select((k, i) => new RegionSpec((i + 1) * AliasStride, (i + 1) * AliasStride + (long)linesPerBlock(k) * blocks, 0, k, format)));

        var perBlock = new List<LinkedRun.Op[]>(blocks);
        for (var b = 0; b < blocks; b++)
        {
            var k = bits[b];
            if (layout == StoreLayout.WordMajor || k == 8) perBlock.Add([.. Enumerable.Range(0, 8).Select(j => new LinkedRun.Op(false, 8L * b + j))]);
            else
            {
                var base_ = (Array.IndexOf(lowK, k) + 1) * AliasStride;
                var n = linesPerBlock(k);
                perBlock.Add([.. Enumerable.Range(0, n).Select(j => new LinkedRun.Op(false, base_ + (long)n * b + j))]);
            }
        }
        var streams = LinkedRun.Split(perBlock, readers).Select(part => (IReadOnlyList<LinkedRun.Op>)[.. part.SelectMany(x => x)]).ToList();
        return LinkedRun.Measure(Config, dram, link ?? LinkConfig.X16, regions, streams);
    }
}
