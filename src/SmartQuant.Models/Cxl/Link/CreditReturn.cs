namespace SmartQuant.Models.Cxl.Link;

/// <summary>
/// Credits returned in a protocol flit's header (CXL 2.0 §4.2.2, flit header fields ReqCrd, DataCrd, RspCrd). Each
/// field is a 3-bit code for 0, 1, 2, 4, 8, 16, 32 or 64 credits (its fourth bit picks CXL.cache or CXL.mem), so a
/// flit returns the largest such amount not above what the receiver has freed; the rest waits for a later flit.
/// </summary>
public readonly record struct CreditReturn(int Req, int Data, int Rsp)
{
    public static readonly int[] Encodable = [0, 1, 2, 4, 8, 16, 32, 64];

    /// <summary>The largest encodable amount ≤ <paramref name="pending"/>.</summary>
    public static int Encode(int pending) => pending <= 0 ? 0 : Math.Min(64, 1 << (31 - int.LeadingZeroCount(pending)));

    public bool Any => Req > 0 || Data > 0 || Rsp > 0;
}
