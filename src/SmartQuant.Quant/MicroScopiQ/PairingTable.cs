using SmartQuant.Quant.Recon;

namespace SmartQuant.Quant.MicroScopiQ;

/// <summary>Memoized ReCoN pairing search for an 8-lane µB, keyed by (outlier mask, pruned mask); thread-safe.</summary>
internal static class PairingTable
{
    private static readonly ReconTopology Topology = new(8);
    private static readonly byte[]?[] Cache = new byte[]?[1 << 16];

    /// <summary>Entries (Upper &lt;&lt; 3 | Lower) sorted by Upper.</summary>
    public static byte[] Get(int outlierMask, int prunedMask)
    {
        int key = outlierMask | (prunedMask << 8);
        var hit = Volatile.Read(ref Cache[key]);
        if (hit is not null) return hit;
        var ups = Enumerable.Range(0, 8).Where(i => (outlierMask >> i & 1) != 0).ToArray();
        var lows = Enumerable.Range(0, 8).Where(i => (prunedMask >> i & 1) != 0).ToArray();
        var pairs = ReconPairing.FindRoutable(Topology, ups, lows)
            ?? throw new InvalidOperationException($"no routable pairing for outliers 0x{outlierMask:X2} pruned 0x{prunedMask:X2}");
        var entries = pairs.Select(p => (byte)(p.Upper << 3 | p.Lower)).ToArray();
        Volatile.Write(ref Cache[key], entries);
        return entries;
    }
}
