using SmartQuant.Quant.Mx;

namespace SmartQuant.Quant.MicroScopiQ;

/// <summary>
/// Quantizer settings. The three switches exist for the ablation (paper Table 7); the packed format needs
/// Outliers and Pruning both on (with Outliers on and Pruning off, every flagged outlier is kept in MX-FP at no
/// slot cost — an upper bound that no format stores).
/// </summary>
public sealed record MicroScopiQOptions(int Bits)
{
    public int MacroBlock { get; init; } = 128;
    public int MicroBlock { get; init; } = 8;
    /// <summary>Outlier threshold τ: |w − mean| > τ·σ over the macro-block (population σ).</summary>
    public double Tau { get; init; } = 3.0;
    public MxRounding Rounding { get; init; } = MxRounding.HalfAwayFromZero;
    public bool Outliers { get; init; } = true;
    public bool Pruning { get; init; } = true;
    public bool Gptq { get; init; } = true;
    /// <summary>Hessian dampening λ = PercDamp · mean(diag H).</summary>
    public double PercDamp { get; init; } = 0.01;
    /// <summary>GPTQ lazy-update block (columns).</summary>
    public int GptqBlock { get; init; } = 128;

    /// <summary>
    /// Choose X_in ∈ {X0, X0 − 1, X0 − 2} (X0 = floor(log2 max|inlier|) − (bb − 2), the OCP MX rule) by the macro-block's
    /// inlier squared error, ties → the larger exponent. On by default (docs/quant-formats.md §3 gives the reason): the
    /// OCP rule is a format-agnostic choice, while for a GPTQ column every element carries the same weight 1/U_ii², so
    /// the squared error is exactly the objective GPTQ minimizes per column. The hardware only reads the stored
    /// exponent, so the packed format is unchanged. Off = the OCP floor(log2 max) − emax rule (docs/spec/microscopiq-format.md).
    /// </summary>
    public bool InlierScaleSearch { get; init; } = true;

    /// <summary>
    /// GPTQ visits the columns in decreasing diag(H) ("act-order"). Each column is still quantized on its own and stored
    /// at its own index k (blocks run along output channels, so no block spans two columns): the packed format and the
    /// hardware are unaffected; only the order in which the error feedback flows changes.
    /// </summary>
    public bool ActOrder { get; init; } = true;

    /// <summary>Threads for the Hessian, the factorization and the GPTQ chunks (−1 = all cores). The result does not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    public MicroScopiQLayout Layout => new(Bits, MacroBlock, MicroBlock);
    public bool ProducesPackedFormat => Outliers && Pruning;
}
