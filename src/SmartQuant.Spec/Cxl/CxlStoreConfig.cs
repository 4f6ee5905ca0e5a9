using System.Runtime.CompilerServices;
using System.Numerics;
using SmartQuant.Hdl;

namespace SmartQuant.Hw.Cxl;

/// <summary>
/// Parameters of the CXL model store (design "cxl-store"), shared by the hardware classes, the golden model and
/// the host driver. All checks live in <see cref="Check"/>, run by the constructor; derived sizes are properties.
/// </summary>
public sealed record CxlStoreConfig : DesignConfig
{
    /// <summary>The one way to make a CxlStoreConfig: every parameter named, each with its default; the rules of
    /// <see cref="Check"/> run here, so an invalid config never exists (<see cref="DesignConfig"/>).</summary>
    public CxlStoreConfig(int weightBits = 8, int regions = 4, int bufferEntries = 16, int slicesPerCycle = 8, int physAddressBits = 36, int dpaBits = 40, int flushIdleCycles = 64, int writeCombiners = 8, int ndrQueueDepth = 16, int protocolVersion = 20,
        int m2sCredits = 4, int s2mCredits = 4,
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        WeightBits = weightBits;
        Regions = regions;
        BufferEntries = bufferEntries;
        SlicesPerCycle = slicesPerCycle;
        PhysAddressBits = physAddressBits;
        DpaBits = dpaBits;
        FlushIdleCycles = flushIdleCycles;
        WriteCombiners = writeCombiners;
        NdrQueueDepth = ndrQueueDepth;
        ProtocolVersion = protocolVersion;
        M2sCredits = m2sCredits;
        S2mCredits = s2mCredits;
        CheckAt(file, line);
    }

    /// <summary>Stored bits per weight. Only INT8 (8) is implemented; 16 is reserved by the contract.</summary>
    public int WeightBits { get; }
    /// <summary>Alias-region registers (power of two).</summary>
    public int Regions { get; }
    /// <summary>Block-buffer entries (power of two); each holds the planes of one block.</summary>
    public int BufferEntries { get; }
    /// <summary>512-bit slices (64 weights) the gather datapath consumes per cycle; a line needing more waits.</summary>
    public int SlicesPerCycle { get; }
    /// <summary>Device physical (DRAM) address bits; 36 = the DRAM model's 64 GiB.</summary>
    public int PhysAddressBits { get; }
    /// <summary>Device (bloated, logical) address bits after HDM decode.</summary>
    public int DpaBits { get; }
    /// <summary>A partly written block is flushed after this many cycles without a write (read-modify-write).</summary>
    public int FlushIdleCycles { get; }
    /// <summary>
    /// Write-combining buffers (power of two): each collects the host lines of one block, so this many interleaved
    /// writers combine without read-modify-write, and the next blocks collect while one flushes and others drain Cmps.
    /// </summary>
    public int WriteCombiners { get; }
    /// <summary>Depth of the S2M NDR (Cmp) queue (power of two).</summary>
    public int NdrQueueDepth { get; }
    /// <summary>
    /// CXL revision the port claims, times ten: 20 = CXL 2.0 (default), 30 = CXL 3.0. It decides the answer to a read
    /// that decodes to no memory (docs/spec/cxl-mem.md, "Reads of no memory"): the DRS opcode MemData-NXM exists only
    /// from CXL 3.0; under 2.0 the read gets MemData. Both carry all-ones data with Poison set.
    /// </summary>
    public int ProtocolVersion { get; }
    /// <summary>
    /// Entries of each M2S input buffer (Req, RwD; power of two) = the credits the device advertises per channel at
    /// reset (docs/cxl-store.md, "Credits"). Default 4: the port's credit round trip is 3 cycles (message in cycle c,
    /// popped at c+1 at the earliest, credit return registered and shown in c+2, spent by the host in c+3), so 3
    /// credits keep one message per cycle flowing; the FIFO's power-of-two depth makes it 4.
    /// </summary>
    public int M2sCredits { get; }
    /// <summary>
    /// S2M NDR and DRS credits the host advertises at reset (its receive buffer per channel); the device sends a message
    /// only while it holds one. Default 4: the S2M round trip is 2 cycles (sent in c, returned by the host in c+1,
    /// spendable in c+2), so 2 sustain one response per cycle and 4 leave room for a host that returns one cycle late.
    /// </summary>
    public int S2mCredits { get; }
    /// <summary>Bits of the device's S2M credit counters (0..S2mCredits).</summary>
    public int S2mCreditBits => BitOperations.Log2((uint)S2mCredits) + 1;
    /// <summary>The port claims CXL 3.0 or later, so MemData-NXM may be sent.</summary>
    public bool HasMemDataNxm => ProtocolVersion >= 30;

    /// <summary>
    /// The design's catalog default and the co-simulation test configuration: 4 buffer entries, 2 regions, 2 slices per
    /// cycle, short addresses, so the tests' co-simulations and `make run` share one cached build. The full default (16
    /// entries, 4 regions) took ~7.5 min to Verilate and compile before the word-level gather; since, about 1 min at -O3
    /// (docs/cxl-store.md, "Co-simulation").
    /// </summary>
    public static CxlStoreConfig Compact { get; } = new(
        regions: 2, bufferEntries: 4, slicesPerCycle: 2, physAddressBits: 20, dpaBits: 24, flushIdleCycles: 16, ndrQueueDepth: 4, writeCombiners: 4);

    public const int LineBits = 512;
    public const int LineBytes = 64;
    /// <summary>Metadata bits per 64-B DRAM burst (the DRAM port's meta field): a block's line-poison mask, one bit per
    /// host line, in every plane burst of the block; all ones on a poisoned passthrough line (docs/cxl-store.md, "Poison").</summary>
    public const int MetaBits = 8;
    public const int BlockWeights = 512;
    public const int HpaLineBits = 46;            // Addr[51:6]
    public const int TagBits = 16;
    public const int CounterBits = 32;
    public const int WideCounterBits = 48;
    public const int TimestampBits = 16;
    public const int RegAddrBits = 8;
    public const int RegDataBits = 64;

    public int Planes => WeightBits;
    public int WeightsPerPaddedLine => LineBits / WeightBits;
    public int PaddedLinesPerBlock => BlockWeights / WeightsPerPaddedLine;
    public int SlicesPerBlock => BlockWeights / 64;
    public int PhysLineBits => PhysAddressBits - 6;
    public int DpaLineBits => DpaBits - 6;
    public int EntryBits => BitOperations.Log2((uint)BufferEntries);
    /// <summary>Planes of one half entry: a block of at most this many planes shares an entry with another.</summary>
    public const int HalfPlanes = 4;
    /// <summary>Block-buffer tags: two per entry (one per half; a wider block uses the even one and the whole entry).</summary>
    public int SubEntries => 2 * BufferEntries;
    public int SubEntryBits => EntryBits + 1;
    public int RegionBits => Math.Max(1, BitOperations.Log2((uint)Regions));
    public int SlotBits => BitOperations.Log2((uint)Planes);
    public int CombinerBits => Math.Max(1, BitOperations.Log2((uint)WriteCombiners));
    public int KBits => BitOperations.Log2((uint)Planes) + 1;
    /// <summary>DRAM request id: {rmw flag, sub-entry, plane slot}.</summary>
    public int MemIdBits => 1 + SubEntryBits + SlotBits;

    /// <summary>Cycles the gather needs for one line: PACKED k touches ceil(8/k) slices, PADDED and passthrough one.</summary>
    public int GatherCycles(int k, bool packed) => packed ? (DivCeil(SlicesPerBlock, k) + SlicesPerCycle - 1) / SlicesPerCycle : 1;
    private static int DivCeil(int a, int b) => (a + b - 1) / b;

    protected override void Check()
    {
        RequireOneOf(WeightBits, [8], ": INT8 bit planes are what is implemented");
        RequirePowerOfTwo(Regions, 2, 16);
        RequirePowerOfTwo(BufferEntries, 2, 64);
        RequireRange(SlicesPerCycle, 1, 8);
        RequireRange(PhysAddressBits, 16, 40);
        RequireRange(DpaBits, PhysAddressBits, 44, " = PhysAddressBits..44");
        RequireRange(FlushIdleCycles, 1, 65535);
        RequirePowerOfTwo(NdrQueueDepth, 2, 256);
        RequirePowerOfTwo(WriteCombiners, 1, 16);
        RequireOneOf(ProtocolVersion, [20, 30], " (CXL 2.0 or CXL 3.0)");
        RequirePowerOfTwo(M2sCredits, 2, 64);
        RequireRange(S2mCredits, 1, 255);
    }
}
