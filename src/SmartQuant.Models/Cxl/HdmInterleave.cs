namespace SmartQuant.Models.Cxl;

/// <summary>How the host sees one device's HDM range: base (HPA line), IG/IW codes and this device's way.</summary>
public readonly record struct HdmInterleave(long BaseLine, int Ig, int Iw, int Pos)
{
    /// <summary>Host physical line of a device DPA line (inverse of the decoder; power-of-two ways).</summary>
    public long HpaOf(long dpaLine)
    {
        var g = 2 + Ig;
        var low = dpaLine & ((1L << g) - 1);
        var high = dpaLine >> g;
        return BaseLine + ((high << (g + Iw)) | ((long)Pos << g) | low);
    }

    /// <summary>Device DPA line of a host line inside the range (the decoder's deletion of the way bits).</summary>
    public long DpaOf(long hpaLine)
    {
        var g = 2 + Ig;
        var off = hpaLine - BaseLine;
        return ((off >> (g + Iw)) << g) | (off & ((1L << g) - 1));
    }
}
