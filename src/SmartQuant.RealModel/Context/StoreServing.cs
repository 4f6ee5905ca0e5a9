using SmartQuant.Hw.Cxl;
using SmartQuant.Models.Cxl;
using SmartQuant.Models.Cxl.Experiment;
using SmartQuant.Models.Cxl.Link;

namespace SmartQuant.RealModel.Context;

/// <summary>
/// One passage's weight load through the model store: the sequence of 512-weight block reads, each through the
/// alias of its width, driven through the link model into the cxl-store golden model over its DRAM model
/// (<see cref="LinkedRun"/>, the cxl-store experiments' controller <see cref="ModelLoad.Config"/>).
/// <para>Aliases: full precision through the PADDED k = 8 region (8 lines a block); every lower width through a PACKED
/// region (k lines a block), with the guard plane when rounding (k + 1 planes fetched from DRAM, k lines on the
/// link). The region table holds at most three low widths. Baselines (independently quantized weights of b bits per
/// weight with metadata) are stored packed in a full-precision region of their size and read whole: ceil(weights·b / 4096)
/// blocks of 8 lines.</para>
/// </summary>
public static class StoreServing
{
    private const long AliasStride = 1L << 21;

    /// <summary>Reads <paramref name="blockBits"/> (one width per block, in load order) with <paramref name="readers"/> host streams.</summary>
    public static LoadMeasurement Load(IReadOnlyList<int> blockBits, bool guardPlane, int readers = 1, LinkConfig? link = null)
    {
        int blocks = blockBits.Count;
        if (blocks * 8L >= AliasStride) throw new ArgumentException($"{blocks} blocks do not fit the alias stride");
        var low = blockBits.Where(k => k < 8).Distinct().Order().ToArray();
        if (blockBits.Any(k => k is < 1 or > 8)) throw new ArgumentException("block widths must be 1…8");
        if (low.Length > ModelLoad.Config.Regions - 1) throw new ArgumentException($"at most {ModelLoad.Config.Regions - 1} low widths fit the region table, got {string.Join(", ", low)}");
        var regions = new List<RegionSpec> { new(0, 8L * blocks, 0, 8, RegionFormat.Padded) };
        regions.AddRange(low.Select((k, i) => new RegionSpec((i + 1) * AliasStride, (i + 1) * AliasStride + (long)k * blocks, 0, k, RegionFormat.Packed, guardPlane)));
        var perBlock = new List<LinkedRun.Op[]>(blocks);
        for (int b = 0; b < blocks; b++)
        {
            int k = blockBits[b];
            long base_ = k == 8 ? 0 : (Array.IndexOf(low, k) + 1) * AliasStride;
            int lines = k == 8 ? 8 : k;
            perBlock.Add([.. Enumerable.Range(0, lines).Select(j => new LinkedRun.Op(false, base_ + (long)lines * b + j))]);
        }
        var streams = LinkedRun.Split(perBlock, readers).Select(part => (IReadOnlyList<LinkedRun.Op>)[.. part.SelectMany(x => x)]).ToList();
        return LinkedRun.Measure(ModelLoad.Config, null, link ?? LinkConfig.X16, regions, streams);
    }

    /// <summary>Full-precision blocks a packed region of <paramref name="weights"/> weights at <paramref name="bitsPerWeight"/> occupies.</summary>
    public static int PackedBlocks(long weights, double bitsPerWeight) => checked((int)Math.Ceiling(weights * bitsPerWeight / (8.0 * 512)));
}
