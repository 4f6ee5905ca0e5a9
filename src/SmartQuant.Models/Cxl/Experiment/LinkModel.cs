namespace SmartQuant.Models.Cxl.Experiment;

/// <summary>
/// CXL 2.0 68B-flit cost of reads (CXL 2.0 §4.2; docs/spec/cxl-mem.md): a 64-B DRS is one all-data flit (4 slots) plus its
/// header in one 16-B slot of another flit (17 B on the wire with the flit's share of CRC and protocol id); a MemRd is
/// one header slot M2S. PCIe Gen5 x16 after 128b/130b: 63 GB/s per direction.
/// </summary>
public static class LinkModel
{
    public const double S2MBytesPerLine = 68 + 17, M2SBytesPerRead = 17, BytesPerSecond = 63e9;

    public static double S2MBytes(long lines) => lines * S2MBytesPerLine;
    public static double Seconds(long lines) => S2MBytes(lines) / BytesPerSecond;
}
