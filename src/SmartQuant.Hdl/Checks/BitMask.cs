using System.Numerics;

namespace SmartQuant.Hdl.Checks;

/// <summary>Which bits of a signal a check finding concerns, written the way Verilog names them: "[7:4], [1]".</summary>
internal static class BitMask
{
    public static BigInteger All(int width) => (BigInteger.One << width) - 1;

    /// <summary>Runs of set bits from the most significant down; a run of one bit is "[i]".</summary>
    public static string Describe(BigInteger mask, int width)
    {
        var runs = new List<string>();
        for (int hi = width - 1; hi >= 0; hi--)
        {
            if (((mask >> hi) & 1) == 0) continue;
            int lo = hi;
            while (lo > 0 && ((mask >> (lo - 1)) & 1) == 1) lo--;
            runs.Add(hi == lo ? $"[{hi}]" : $"[{hi}:{lo}]");
            hi = lo;
        }
        return runs.Count == 0 ? "none" : string.Join(", ", runs);
    }
}
