namespace SmartQuant.Hw.Cxl;

/// <summary>CXL 2.0 CXL.mem opcode and field values (68B flit) used by the model store (CXL 2.0 §3.3; docs/spec/cxl-mem.md).</summary>
public static class CxlOpcodes
{
    // M2S Req MemOpcode (4 b)
    public const int MemInv = 0b0000, MemRd = 0b0001, MemRdData = 0b0010, MemSpecRd = 0b1000;
    // M2S RwD MemOpcode (4 b)
    public const int MemWr = 0b0001, MemWrPtl = 0b0010;
    // S2M NDR opcode (3 b)
    public const int Cmp = 0b000;
    // S2M DRS opcode (3 b)
    public const int MemData = 0b000, MemDataNxm = 0b001;
    /// <summary>MetaField NoOp: a plain HDM-H expander keeps no metadata.</summary>
    public const int MetaFieldNoOp = 0b11;
    /// <summary>DevLoad (CXL 2.0 §3.3.4): Light, Optimal, Moderate Overload, Severe Overload.</summary>
    public const int DevLoadLight = 0b00, DevLoadOptimal = 0b01, DevLoadModerate = 0b10, DevLoadSevere = 0b11;

    /// <summary>DevLoad of the store from its busy block-buffer sub-entries (of <paramref name="subEntries"/>):
    /// all busy Severe, ≥ 3/4 Moderate, ≥ 1/2 Optimal, else Light.</summary>
    public static int DevLoadOf(int busy, int subEntries) =>
        busy >= subEntries ? DevLoadSevere : busy >= 3 * subEntries / 4 ? DevLoadModerate : busy >= subEntries / 2 ? DevLoadOptimal : DevLoadLight;
}

/// <summary>Alias-region formats (register field ctrl[2:1]).</summary>
public enum RegionFormat { Packed = 0, Padded = 1, Passthrough = 2 }

/// <summary>Register-port address map (64-bit registers). See docs/cxl-store.md.</summary>
public static class CxlRegisters
{
    /// <summary>HDM decoder: HPA base in 64-B lines (HPA &gt;&gt; 6).</summary>
    public const int HdmBase = 0x00;
    /// <summary>HDM decoder: size in 64-B lines.</summary>
    public const int HdmSize = 0x01;
    /// <summary>HDM decoder control (CXL 2.0 §8.2.5.12.7): [3:0] IG (256 B &lt;&lt; IG), [7:4] IW (1/2/4/8/16, 3/6/12 ways),
    /// [8] Lock On Commit, [9] Commit, [10] Committed (read-only), [11] Error Not Committed (read-only).</summary>
    public const int HdmCtrl = 0x02;
    /// <summary>Bit positions in <see cref="HdmCtrl"/>.</summary>
    public const int HdmLockOnCommitBit = 8, HdmCommitBit = 9, HdmCommittedBit = 10, HdmErrorNotCommittedBit = 11;
    /// <summary>Region r occupies 0x10 + 4r: +0 DPA base line, +1 DPA limit line (exclusive), +2 physical base line, +3 ctrl.</summary>
    public const int RegionBase = 0x10;
    /// <summary>Region ctrl: [0] enable, [2:1] format, [3] guard-plane rounding, [7:4] k.</summary>
    public static int Region(int r, int field) => RegionBase + 4 * r + field;
    /// <summary>Counter i is read at 0x80 + i (read port only); the read port also returns the HDM registers 0x00–0x02
    /// and the RAS capability at 0x60–0x6A (<see cref="CxlRas"/>).</summary>
    public const int CounterBase = 0x80;

    public static ulong RegionCtrl(bool enable, RegionFormat format, bool round, int k) =>
        (enable ? 1UL : 0) | ((ulong)format << 1) | (round ? 8UL : 0) | ((ulong)k << 4);

    public static ulong HdmControl(int ig, int iw, bool commit, bool lockOnCommit = false) =>
        (uint)ig | ((ulong)(uint)iw << 4) | (lockOnCommit ? 1UL << HdmLockOnCommitBit : 0) | (commit ? 1UL << HdmCommitBit : 0);
}
