namespace SmartQuant.Models.Cxl.Link;

/// <summary>What one 16-byte slot of a flit carries.</summary>
public enum SlotKind { Empty, Header, Data }

/// <summary>
/// One 68-byte flit as packed: an all-data flit (four data chunks, no flit header, no credits) or a protocol flit
/// (flit header with credit returns, header slot 0, generic slots 1–3). <see cref="Delivered"/> lists the messages
/// whose last piece (header, or last data chunk) is in this flit: the receiver can use them when the flit arrives.
/// </summary>
public sealed record Flit(bool AllData, SlotKind[] Slots, string[] Formats, IReadOnlyList<LinkMessage> Headers,
    IReadOnlyList<LinkMessage> Delivered, CreditReturn Credits)
{
    public int DataSlots => Slots.Count(s => s == SlotKind.Data);
    public int HeaderSlots => Slots.Count(s => s == SlotKind.Header);
}
