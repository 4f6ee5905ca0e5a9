namespace SmartQuant.Models.Cxl.Link;

/// <summary>The four CXL.mem channels a Type-3 device uses (CXL 2.0 §3.3): M2S Req and RwD, S2M NDR and DRS.</summary>
public enum LinkChannel { Req, Rwd, Ndr, Drs }

/// <summary>One CXL.mem message on the link. <see cref="Data"/> is the 64-byte payload of RwD and DRS (8 words).</summary>
public sealed record LinkMessage(LinkChannel Channel, int Tag, int Opcode, long Addr = 0, ulong[]? Data = null)
{
    /// <summary>RwD and DRS carry a 64-byte payload: four 16-byte data chunks after their header.</summary>
    public bool HasData => Channel is LinkChannel.Rwd or LinkChannel.Drs;
    public const int DataChunks = 4;
}
