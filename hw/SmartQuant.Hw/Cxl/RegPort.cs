using SmartQuant.Hdl;

namespace SmartQuant.Hw.Cxl;

// The register port (the CXL.io BAR stand-in, docs/cxl-store.md "Registers"), declared once and used by the store's
// top and by each register block it feeds, so no block re-declares its fields. The host drives it: the device side
// (the top and the blocks) declares it flipped.

/// <summary>One register write per cycle: <see cref="Valid"/> with the register's address and value.</summary>
public sealed class RegWrite : Bundle
{
    public readonly Signal Valid, Addr, Data;

    public RegWrite(Module owner, bool flipped = false) : base(owner, flipped)
    {
        Valid = Forward();
        Addr = Forward(CxlStoreConfig.RegAddrBits);
        Data = Forward(CxlStoreConfig.RegDataBits);
    }

    /// <summary>A write to the register at <paramref name="addr"/> this cycle.</summary>
    public Expr To(int addr) => Valid & Addr.Eq(addr);
}

/// <summary>A combinational register read: <see cref="Data"/> is the register at <see cref="Addr"/> this cycle.</summary>
public sealed class RegRead : Bundle
{
    public readonly Signal Addr, Data;

    public RegRead(Module owner, bool flipped = false) : base(owner, flipped)
    {
        Addr = Forward(CxlStoreConfig.RegAddrBits);
        Data = Backward(CxlStoreConfig.RegDataBits);
    }
}

/// <summary>The whole register port: a write channel and a read channel (ports <c>regs_wr_*</c>, <c>regs_rd_*</c>).
/// Connect its halves (<see cref="Bundle.Connect"/> on <see cref="Wr"/> or <see cref="Rd"/>).</summary>
public sealed class RegPort : Bundle
{
    public readonly RegWrite Wr;
    public readonly RegRead Rd;

    public RegPort(Module owner, bool flipped = false)
    {
        Wr = new RegWrite(owner, flipped);
        Rd = new RegRead(owner, flipped);
    }
}
