namespace SmartQuant.Quant.Olive;

/// <summary>
/// An OliVe-quantized W[N × K] as stored: one bb-bit code per weight (row-major, pairs are columns 2i, 2i+1 of a
/// row) and one FP16 scale per group of <see cref="Group"/> inputs of a row. Nothing else is stored: outlier pairs
/// mark themselves with the identifier code, so the effective bit width is bb + 16 / Group.
/// </summary>
public sealed class OliveTensor
{
    public OliveFormat Format { get; }
    public int N { get; }
    public int K { get; }
    public int Group { get; }
    /// <summary>Codes, one per weight, each below 2^bb.</summary>
    public byte[] Codes { get; }
    /// <summary>Scales [N × GroupsPerRow].</summary>
    public Half[] Scales { get; }

    public OliveTensor(OliveFormat format, int n, int k, int group, byte[] codes, Half[] scales)
    {
        if (codes.Length != (long)n * k) throw new ArgumentException($"{codes.Length} codes for a {n}×{k} tensor");
        if (scales.Length != (long)n * ((k + group - 1) / group)) throw new ArgumentException($"{scales.Length} scales for {n} rows of {k} in groups of {group}");
        Format = format; N = n; K = k; Group = group; Codes = codes; Scales = scales;
    }

    public int GroupsPerRow => (K + Group - 1) / Group;

    /// <summary>Bits of the weight codes per weight (bb).</summary>
    public double EbwWeights => Format.Bits;
    /// <summary>All stored bits per weight: codes plus the FP16 scales.</summary>
    public double EbwFull => Format.Bits + 16.0 * Scales.Length / Codes.Length;

    /// <summary>Number of outlier–victim pairs (each holds one outlier and one pruned victim).</summary>
    public long OutlierPairs
    {
        get
        {
            long p = 0;
            for (long i = 0; i < Codes.Length; i += 2) if (Format.IsOutlierPair(Codes[i], Codes[i + 1])) p++;
            return p;
        }
    }

    /// <summary>Ŵ = decoded value × scale for every weight; exact (values are small integers, scales FP16).</summary>
    public float[] Dequantize()
    {
        var r = new float[Codes.Length];
        for (int row = 0; row < N; row++)
            for (int c = 0; c < K; c += 2)
            {
                long i = (long)row * K + c;
                double s = (double)Scales[row * GroupsPerRow + c / Group];
                var (v0, v1) = Format.Decode(Codes[i], Codes[i + 1]);
                r[i] = (float)(v0 * s);
                r[i + 1] = (float)(v1 * s);
            }
        return r;
    }
}
