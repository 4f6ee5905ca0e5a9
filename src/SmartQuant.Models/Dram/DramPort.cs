namespace SmartQuant.Models.Dram;

/// <summary>
/// One 64-byte burst request offered on the model's request port. <see cref="Address"/> is a byte
/// address, 64-byte aligned, below <see cref="DramConfig.CapacityBytes"/>. Writes carry exactly 64
/// bytes in <see cref="Data"/>; reads ignore it. <see cref="Id"/> is echoed in the response. <see cref="Meta"/>: the
/// burst's 8 metadata bits (stored beside the data, as a DRAM module with ECC keeps spare bits per burst; the CXL store
/// keeps its poison marks there), written with the data and returned with every read of it.
/// </summary>
public readonly record struct DramRequest(int Id, ulong Address, bool IsWrite, ReadOnlyMemory<byte> Data, byte Meta = 0)
{
    public static DramRequest Read(int id, ulong address) => new(id, address, false, ReadOnlyMemory<byte>.Empty);
    public static DramRequest Write(int id, ulong address, ReadOnlyMemory<byte> data, byte meta = 0) => new(id, address, true, data, meta);
}

/// <summary>
/// A response on the model's response port: read data (64 bytes) or a write acknowledgement
/// (<see cref="IsWrite"/> true, empty <see cref="Data"/>). <see cref="AcceptCycle"/> is the
/// controller cycle in which the request handshake happened, <see cref="ValidCycle"/> the first
/// cycle in which this response was presented.
/// </summary>
public sealed record DramResponse(int Id, bool IsWrite, byte[] Data, ulong Address, long AcceptCycle, long ValidCycle, byte Meta = 0)
{
    public long LatencyCycles => ValidCycle - AcceptCycle;
}

public enum DramCommandKind { Activate, Precharge, Read, Write, Refresh }

/// <summary>A DRAM command issued by the model (for tests, traces and debugging). Id = −1 when the
/// command was not issued for a request (refresh and its precharges).</summary>
public readonly record struct DramCommandEvent(long Nck, int SubChannel, DramCommandKind Kind, int BankGroup, int Bank, int Row, int Id);
