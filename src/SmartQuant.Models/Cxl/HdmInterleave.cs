namespace SmartQuant.Models.Cxl;

/// <summary>
/// How the host sees one device's HDM range: base (HPA line), IG/IW codes and this device's way. IW 0..4 = 1..16 ways,
/// IW 8/9/10 = 3/6/12 ways. With N ways the host's granule index c (HPA offset >> 8+IG bytes) is N·d + way, d the
/// device's granule (the way numbering inside a group of N granules is the host's choice; here c mod N).
/// </summary>
public readonly record struct HdmInterleave(long BaseLine, int Ig, int Iw, int Pos)
{
    /// <summary>Interleave ways of an IW code (0 for a code the decoder rejects).</summary>
    public static int WaysOf(int iw) => iw is >= 0 and <= 4 ? 1 << iw : iw is >= 8 and <= 10 ? 3 << (iw - 8) : 0;

    public int Ways => WaysOf(Iw);

    /// <summary>Host physical line of a device DPA line (inverse of the decoder).</summary>
    public long HpaOf(long dpaLine)
    {
        var g = 2 + Ig;
        var low = dpaLine & ((1L << g) - 1);
        return BaseLine + ((((dpaLine >> g) * Ways) + Pos) << g | low);
    }

    /// <summary>Device DPA line of a host line inside the range (the decoder's division of the granule index).</summary>
    public long DpaOf(long hpaLine)
    {
        var g = 2 + Ig;
        var off = hpaLine - BaseLine;
        return (((off >> g) / Ways) << g) | (off & ((1L << g) - 1));
    }
}
