namespace SmartQuant.Models.Cxl.Link;

/// <summary>Which way a flit travels: host to device (M2S) or device to host (S2M).</summary>
public enum LinkDirection { M2S, S2M }

/// <summary>
/// The CXL.mem header combinations one 16-byte slot of a 68-byte flit can hold (CXL 2.0 §4.2.3, the slot format
/// tables for H2D/M2S and D2H/S2M; the CXL.cache parts of the mixed formats stay empty on a memory-only link).
/// Slot 0 of a protocol flit is a header slot (96 bits left after the 32-bit flit header); slots 1–3 are generic
/// slots (128 bits) that hold headers or one 16-byte data chunk. A format may carry fewer messages than it has
/// positions (each message has its own valid bit).
/// <list type="bullet">
/// <item>M2S Req and RwD headers are 87 bits: one per slot in either kind (H/G formats "M2S Req", "M2S RwD").</item>
/// <item>S2M DRS header 40 bits, NDR 30 bits: a header slot holds two DRS (H5), DRS + NDR (H3) or two NDR (H4); a
/// generic slot three DRS (G6), DRS + two NDR (G4) or three NDR (G5).</item>
/// </list>
/// </summary>
public static class SlotFormats
{
    public sealed record Format(string Name, int Drs, int Ndr, int Req, int Rwd)
    {
        public int Messages => Drs + Ndr + Req + Rwd;
        public int DataHeaders => Drs + Rwd;
    }

    private static readonly Format[] S2MHeader = [new("H5", 2, 0, 0, 0), new("H3", 1, 1, 0, 0), new("H4", 0, 2, 0, 0)];
    private static readonly Format[] S2MGeneric = [new("G6", 3, 0, 0, 0), new("G5", 0, 3, 0, 0), new("G4", 1, 2, 0, 0)];
    private static readonly Format[] M2SHeader = [new("H-Req", 0, 0, 1, 0), new("H-RwD", 0, 0, 0, 1)];
    private static readonly Format[] M2SGeneric = [new("G-Req", 0, 0, 1, 0), new("G-RwD", 0, 0, 0, 1)];

    public static IReadOnlyList<Format> Of(LinkDirection d, bool headerSlot) => d == LinkDirection.S2M
        ? headerSlot ? S2MHeader : S2MGeneric
        : headerSlot ? M2SHeader : M2SGeneric;

    /// <summary>The channels a direction carries, in the order the packer serves them when a slot can take either.</summary>
    public static IReadOnlyList<LinkChannel> Channels(LinkDirection d) =>
        d == LinkDirection.S2M ? [LinkChannel.Drs, LinkChannel.Ndr] : [LinkChannel.Req, LinkChannel.Rwd];
}
