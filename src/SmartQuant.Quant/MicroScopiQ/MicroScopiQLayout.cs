namespace SmartQuant.Quant.MicroScopiQ;

/// <summary>
/// Block geometry of a MicroScopiQ tensor. Blocks run along output channels for a fixed input feature:
/// weight W[n, k] belongs to column k, macro-block n / MacroBlock, micro-block n / MicroBlock.
/// </summary>
public sealed record MicroScopiQLayout(int Bits, int MacroBlock = 128, int MicroBlock = 8)
{
    /// <summary>Outlier mantissa half width h: 1 for bb = 2, 2 for bb = 4; an outlier mantissa has 2h bits.</summary>
    public int HalfBits => Bits / 2;
    public int MicroBlocksPerMacro => MacroBlock / MicroBlock;
    /// <summary>At most Bµ/2 outliers per µB (each needs its own slot and a pruned slot).</summary>
    public int MaxOutliersPerMicro => MicroBlock / 2;
    /// <summary>Largest inlier magnitude code: 2^(bb−1) − 1.</summary>
    public int MaxInlierMagnitude => (1 << (Bits - 1)) - 1;

    public void Validate(int rows)
    {
        if (Bits is not (2 or 4)) throw new ArgumentException($"MicroScopiQ bits must be 2 or 4, got {Bits}");
        if (MicroBlock != 8) throw new ArgumentException($"the packed format fixes the micro-block at 8 (3-bit permutation entries), got {MicroBlock}");
        if (MacroBlock % MicroBlock != 0 || MacroBlock / MicroBlock > 16 || MacroBlock <= 0)
            throw new ArgumentException($"macro-block {MacroBlock} must be a multiple of 8 with at most 16 micro-blocks (16-bit presence mask)");
        if (rows <= 0 || rows % MacroBlock != 0) throw new ArgumentException($"output channels N = {rows} must be a positive multiple of the macro-block {MacroBlock}");
    }
}
