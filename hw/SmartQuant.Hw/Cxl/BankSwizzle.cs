using SmartQuant.Hdl;

namespace SmartQuant.Hw.Cxl;

/// <summary>
/// The store's physical line → DRAM line map: the 5 bits above a block's 8 lines (line bits 7..3, which the DRAM
/// model's address map turns into sub-channel and bank group) are XORed with the XOR-fold of every higher line bit,
/// 5 bits at a time. A block's 8 planes stay together (one row), consecutive blocks still rotate over all
/// sub-channels and bank groups, and streams whose tensors start a power of two of blocks apart no longer land on
/// the same sub-channel in lockstep (docs/cxl-store.md, "Many streams"; the idea is permutation-based interleaving,
/// Zhang, Zhu and Zhang, MICRO 2000). A bijection, so reads and writes of every kind agree.
/// </summary>
public static class BankSwizzle
{
    public const int FieldLow = 3, FieldBits = 5;

    /// <summary>The swizzled line (what the DRAM port carries) of physical line <paramref name="line"/>.</summary>
    public static Expr Apply(Expr line)
    {
        var w = line.Width;
        var high = FieldLow + FieldBits;
        if (w <= high) return line;
        Expr? fold = null;
        for (var lo = high; lo < w; lo += FieldBits)
        {
            var hi = Math.Min(lo + FieldBits, w) - 1;
            var chunk = line[hi, lo].Extend(FieldBits);
            fold = fold is null ? chunk : fold ^ chunk;
        }
        return Logic.Cat(line[w - 1, high], line[high - 1, FieldLow] ^ fold!, line[FieldLow - 1, 0]);
    }
}
