namespace SmartQuant.RealModel;

/// <summary>End-to-end agreement of quantized sentence embeddings with the FP32 ones (both L2-normalized).</summary>
/// <param name="MeanCosine">Mean over passages of cos(e_fp32, e_q).</param>
/// <param name="P5Cosine">5th percentile of that cosine (nearest rank: the ⌈0.05·n⌉-th smallest).</param>
/// <param name="NeighbourAgreement">Mean over passages of |top-k_fp32 ∩ top-k_q| / k, neighbours among the other passages by cosine.</param>
public sealed record EmbeddingAgreement(double MeanCosine, double P5Cosine, double NeighbourAgreement);

public static class EmbeddingMetrics
{
    public const int Neighbours = 10;

    public static double Cosine(float[] a, float[] b)
    {
        double d = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++) { d += (double)a[i] * b[i]; na += (double)a[i] * a[i]; nb += (double)b[i] * b[i]; }
        return na == 0 || nb == 0 ? 0 : d / Math.Sqrt(na * nb);
    }

    public static EmbeddingAgreement Compare(float[][] reference, float[][] quantized, int k = Neighbours)
    {
        if (reference.Length != quantized.Length) throw new ArgumentException("embedding sets differ in size");
        int n = reference.Length;
        var cos = new double[n];
        for (int i = 0; i < n; i++) cos[i] = Cosine(reference[i], quantized[i]);
        var sorted = cos.Order().ToArray();
        double p5 = sorted[Math.Max(0, (int)Math.Ceiling(0.05 * n) - 1)];
        var a = TopK(reference, k);
        var b = TopK(quantized, k);
        double agree = 0;
        for (int i = 0; i < n; i++) agree += (double)a[i].Intersect(b[i]).Count() / a[i].Length;
        return new EmbeddingAgreement(cos.Average(), p5, n > 1 ? agree / n : 1);
    }

    /// <summary>For each passage, the indices of its k most similar other passages (ties → lower index).</summary>
    public static int[][] TopK(float[][] e, int k)
    {
        int n = e.Length;
        var r = new int[n][];
        Parallel.For(0, n, i =>
        {
            var sims = new (double S, int J)[n - 1];
            int m = 0;
            for (int j = 0; j < n; j++)
                if (j != i) sims[m++] = (Cosine(e[i], e[j]), j);
            r[i] = sims.OrderByDescending(s => s.S).ThenBy(s => s.J).Take(Math.Min(k, n - 1)).Select(s => s.J).ToArray();
        });
        return r;
    }
}
