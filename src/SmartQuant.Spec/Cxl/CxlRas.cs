namespace SmartQuant.Hw.Cxl;

/// <summary>
/// The CXL RAS Capability Structure (CXL 2.0 §8.2.5.9) as the store maps it into its 64-bit register port
/// (docs/cxl-store.md, "RAS capability"; docs/spec/cxl-mem.md, "RAS capability structure"): the structure's 0x58 bytes
/// are 11 qwords from <see cref="Base"/>, qword i holding byte offsets 8i (low dword) and 8i + 4 (high dword). Shared
/// by the RTL (RasCapability), the golden model and the drivers, so the offsets and bit numbers live in one place.
/// </summary>
public static class CxlRas
{
    /// <summary>Register word of byte offset 0x00. 0x60–0x6A: above the last region's registers (16 regions end at
    /// 0x4F) and below the counters (0x80), on a 32-word boundary so the read port selects it by address bits [7:5].</summary>
    public const int Base = 0x60;
    /// <summary>Words the structure occupies (0x58 bytes).</summary>
    public const int Words = 11;
    /// <summary>[31:0] Uncorrectable Error Status (0x00, RW1CS), [63:32] Uncorrectable Error Mask (0x04, RW).</summary>
    public const int UncorrectableWord = Base;
    /// <summary>[31:0] Uncorrectable Error Severity (0x08, RW), [63:32] Correctable Error Status (0x0C, RW1CS).</summary>
    public const int SeverityWord = Base + 1;
    /// <summary>[31:0] Correctable Error Mask (0x10, RW), [63:32] Error Capabilities and Control (0x14; [5:0]
    /// First_Error_Pointer, read-only here).</summary>
    public const int ControlWord = Base + 2;
    /// <summary>Header Log (0x18–0x57): word HeaderLogWord + j holds log bits 64j + 63 … 64j (read-only).</summary>
    public const int HeaderLogWord = Base + 3;
    public const int HeaderLogWords = 8;

    // Uncorrectable Error Status / Mask / Severity bit numbers (CXL 2.0 §8.2.5.9.1–3)
    public const int CacheDataParity = 0, CacheAddressParity = 1, CacheBeParity = 2, CacheDataEcc = 3;
    public const int MemDataParity = 4, MemAddressParity = 5, MemBeParity = 6, MemDataEcc = 7;
    public const int ReinitThreshold = 8, RsvdEncodingViolation = 9, PoisonReceived = 10, ReceiverOverflow = 11;
    public const int InternalError = 14, IdeTxError = 15, IdeRxError = 16;
    /// <summary>The defined uncorrectable bits (0–11, 14–16); the rest are reserved: read 0, writes ignored.</summary>
    public const uint UncorrectableBits = 0x1CFFF;
    /// <summary>Correctable Error Status / Mask bits 6:0 (Cache_Data_ECC … Physical_Layer_Error).</summary>
    public const uint CorrectableBits = 0x7F;
    public const int FirstErrorPointerBits = 6;

    // Reset values (CXL 2.0 §8.2.5.9.2–3, .5; docs/cxl-store.md, "RAS capability"): every defined error masked and every
    // uncorrectable error fatal, as the spec's register defaults are; software unmasks what it wants signalled and logged.
    public const uint MaskReset = UncorrectableBits, SeverityReset = UncorrectableBits, CorrectableMaskReset = CorrectableBits;

    // Header log layout, LSB first: the dropped M2S message's header as the store's input buffer records it (data omitted).
    /// <summary>Bit 0: the channel (0 Req, 1 RwD).</summary>
    public const int LogChannel = 0;
    /// <summary>Bits 4:1: MemOpcode.</summary>
    public const int LogOpcode = 1;
    /// <summary>Bits 20:5: Tag.</summary>
    public const int LogTag = 5;
    /// <summary>Bits 66:21: the host line, Addr[51:6].</summary>
    public const int LogHpa = 21;
    /// <summary>Bits 82:67: the device's 16-bit cycle count in the cycle the message was dropped (a Req's arrival time).</summary>
    public const int LogTime = 67;
    /// <summary>Bit 83: RwD Poison (0 for Req).</summary>
    public const int LogPoison = 83;
    /// <summary>Bits 147:84: RwD byte enables as received (0 for Req).</summary>
    public const int LogByteEnable = 84;
    /// <summary>Bits in use; 511:148 read 0.</summary>
    public const int LogBits = 148;

    /// <summary>The header log of a dropped message, as <see cref="HeaderLogWords"/> 64-bit words (word 0 = bits 63:0).</summary>
    public static ulong[] HeaderLog(bool rwd, int opcode, int tag, long hpaLine, int time, bool poison, ulong byteEnable)
    {
        var log = new ulong[HeaderLogWords];
        void Put(int at, ulong value, int width)
        {
            if (width < 64) value &= (1UL << width) - 1;
            log[at / 64] |= value << (at % 64);
            if (at % 64 != 0 && at % 64 + width > 64) log[at / 64 + 1] |= value >> (64 - at % 64);
        }
        Put(LogChannel, rwd ? 1UL : 0, 1);
        Put(LogOpcode, (ulong)opcode, 4);
        Put(LogTag, (ulong)tag, CxlStoreConfig.TagBits);
        Put(LogHpa, (ulong)hpaLine, CxlStoreConfig.HpaLineBits);
        Put(LogTime, (ulong)time, CxlStoreConfig.TimestampBits);
        Put(LogPoison, poison ? 1UL : 0, 1);
        Put(LogByteEnable, byteEnable, CxlStoreConfig.LineBytes);
        return log;
    }
}
