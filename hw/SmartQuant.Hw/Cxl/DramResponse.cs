using SmartQuant.Hdl;

namespace SmartQuant.Hw.Cxl;

/// <summary>
/// A DRAM response as the read path and the write path take it (both see every response and pick theirs by id): read
/// data with its metadata bits (the poison marks, docs/cxl-store.md "Poison"), or a write acknowledgement (write = 1).
/// The DRAM is the producer; the two paths declare it flipped, and the top drives both from its <see cref="MemRspPort"/>
/// with <see cref="DriveFrom"/> (the port also carries the store's ready, which the paths do not see).
/// </summary>
public sealed class DramResponse : Bundle
{
    public readonly Signal Valid, Id, Write, Data, Meta;

    public DramResponse(Module owner, CxlStoreConfig cfg, bool flipped = false) : base(owner, flipped)
    {
        Valid = Forward();
        Id = Forward(cfg.MemIdBits);
        Write = Forward();
        Data = Forward(CxlStoreConfig.LineBits);
        Meta = Forward(CxlStoreConfig.MetaBits);
    }

    /// <summary>Drives every field from the store's DRAM response port.</summary>
    public void DriveFrom(MemRspPort port, [System.Runtime.CompilerServices.CallerFilePath] string file = "", [System.Runtime.CompilerServices.CallerLineNumber] int line = 0)
    {
        Valid.Assign(port.Valid, file, line);
        Id.Assign(port.Id, file, line);
        Write.Assign(port.Write, file, line);
        Data.Assign(port.Data, file, line);
        Meta.Assign(port.Meta, file, line);
    }
}
