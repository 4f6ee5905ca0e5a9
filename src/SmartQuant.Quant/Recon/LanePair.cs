namespace SmartQuant.Quant.Recon;

/// <summary>One outlier: its Upper half stays in lane <see cref="Upper"/>, its Lower half sits in the pruned lane <see cref="Lower"/>.</summary>
public readonly record struct LanePair(int Upper, int Lower)
{
    public override string ToString() => $"({Upper},{Lower})";
}
