using System.Runtime.CompilerServices;
using SmartQuant.Hdl;

namespace SmartQuant.Hw.MicroScopiQ;

/// <summary>
/// Parameters of the MicroScopiQ accelerator core (design "microscopiq"): a weight-stationary Rows×Cols array of
/// multi-precision PEs (one 4-bit or two 2-bit sign-magnitude weights per PE, selected at run time by MODE), ReCoN
/// butterflies over the 2·Cols logical output lanes (one per PE row, or G shared units, optionally in row groups),
/// per-row activation pre-shift and the exact outlier merge of docs/spec/recon.md. Timing contract:
/// docs/microscopiq-hw.md.
/// </summary>
public sealed record MicroScopiQConfig : DesignConfig
{
    /// <summary>The one way to make a MicroScopiQConfig: every parameter named, each with its default; the rules of
    /// <see cref="Check"/> run here, so an invalid config never exists (<see cref="DesignConfig"/>).</summary>
    public MicroScopiQConfig(int rows = 4, int cols = 8, int accumulatorWidth = 32, int shiftWidth = 3, int deltaOWidth = 4, int microBlock = 8, int reconUnits = 0, bool reconRowGroups = false,
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        Rows = rows;
        Cols = cols;
        AccumulatorWidth = accumulatorWidth;
        ShiftWidth = shiftWidth;
        DeltaOWidth = deltaOWidth;
        MicroBlock = microBlock;
        ReconUnits = reconUnits;
        ReconRowGroups = reconRowGroups;
        CheckAt(file, line);
    }

    /// <summary>PE rows (input features of one weight tile).</summary>
    public int Rows { get; }
    /// <summary>PE columns (power of two, ≥ 4). Logical lanes = 2·Cols (bb = 2) or Cols even lanes (bb = 4).</summary>
    public int Cols { get; }
    /// <summary>Signed accumulator width; sums wrap at this width.</summary>
    public int AccumulatorWidth { get; }
    /// <summary>Bits of the per-row activation pre-shift sh_r (0 … 2^ShiftWidth − 1).</summary>
    public int ShiftWidth { get; }
    /// <summary>Low bits of ΔO the merge shifter honours (the packed format stores 8; larger ΔO are rejected by the planner).</summary>
    public int DeltaOWidth { get; }
    /// <summary>Micro-block size Bµ (weights per µB; the permutation entries are log2(Bµ) bits).</summary>
    public int MicroBlock { get; }
    /// <summary>ReCoN units G: 0 or Rows = one per PE row (deterministic, no arbitration); 1 ≤ G &lt; Rows = G units shared
    /// by all rows with round-robin arbitration and a global stall while a request is not served (docs/microscopiq-hw.md).</summary>
    public int ReconUnits { get; }
    /// <summary>Shared ReCoN only: unit k serves just the k-th group of Rows/G consecutive rows, each group with its own
    /// round-robin (the paper's design B, Fig. 15); false = any unit serves any row (design A). Left out of the config's
    /// JSON (and hash) while false.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool ReconRowGroups { get; }

    /// <summary>
    /// The paper's area-optimal variant (design A of Fig. 15 at the size it reports area for): a 64×64 array with one
    /// ReCoN shared by all rows. Smallest outlier support, but rows holding outliers wait for the unit (about 2.3× the
    /// cycles of one ReCoN per row on 16×16 GEMM tiles, docs/microscopiq-hw.md), and its Verilator build and yosys
    /// runs take minutes, so it is not the default. As a file: examples/configs/microscopiq-paper-area-optimal.json.
    /// </summary>
    public static MicroScopiQConfig PaperAreaOptimal { get; } = new(rows: 64, cols: 64, reconUnits: 1);

    public const int ActivationWidth = 8;
    public const int WeightWordWidth = 4;
    public const int RecordWidth = 32;
    /// <summary>Bits of a µB record the hardware reads: four 6-bit {Upper, Lower} entries and the low DeltaOWidth bits of ΔO at [24 +].</summary>
    public int RecordUsedWidth => 24 + DeltaOWidth;

    public int Lanes => 2 * Cols;
    public int LaneBits => Logic.Log2Ceil(Lanes);
    /// <summary>ReCoN stages 0…L (L = log2 Lanes).</summary>
    public int Stages => LaneBits + 1;
    public int MaxShift => (1 << ShiftWidth) - 1;
    /// <summary>Width of the pre-shifted activation x' = x &lt;&lt; sh_r.</summary>
    public int ShiftedActWidth => ActivationWidth + MaxShift;
    /// <summary>Lane product ±mag·x' (mag ≤ 7).</summary>
    public int ProductWidth => ShiftedActWidth + 4;
    /// <summary>Upper-lane partial merge term A = ((±x') &lt;&lt; 2h) + (p_U &lt;&lt; h).</summary>
    public int MergeTermWidth => ShiftedActWidth + 7;
    public int LocBits => Logic.Log2Ceil(MicroBlock);
    /// <summary>µB record slots per row (bb = 2 packing: Lanes / Bµ; bb = 4 uses the first half).</summary>
    public int MicroSlots => Lanes / MicroBlock;
    /// <summary>Last stage that can see a res item: a µB spans at most 2·Bµ lanes (bb = 4), so merges happen by stage log2(2·Bµ).</summary>
    public int LastMergeStage => Math.Min(LaneBits, Logic.Log2Ceil(2 * MicroBlock));
    /// <summary>ReCoN item tag bits: items never leave their 2·Bµ-lane group, so tags are µB-local.</summary>
    public int TagBits => LastMergeStage;
    /// <summary>Register stages inside the exact merge (<see cref="CorrectionUnit"/>: after the merged code, after the
    /// products, after the shift and subtract), so neither it nor the correction adder behind it is a long path.</summary>
    public const int MergeStages = 3;
    /// <summary>Shared ReCoN only: one register stage in front of each unit (<see cref="SharedReconPool"/>) holding the
    /// granted row's records, codes and x', so arbitration and the unit's lane-role decode are in different cycles
    /// (the path request → arbiter → grant → select → decode → ReCoN stage 0 was 42–49 generic gate levels).</summary>
    public int SharedEntryStages => SharedRecon ? 1 : 0;
    /// <summary>Enabled cycles from a token's ReCoN entry (or grant) to its corrections at the merge output:
    /// SharedEntryStages + Stages + MergeStages.</summary>
    public int ReconFlight => SharedEntryStages + Stages + MergeStages;
    /// <summary>Cycles from the last row's PE 0 output to the aligned array output: max(Cols − 1, ReconFlight).</summary>
    public int OutputAlign => Math.Max(Cols - 1, ReconFlight);
    /// <summary>PE whose activation output feeds the row's ReCoN (−1 = the entry register), chosen so the correction
    /// chain reaches the array bottom exactly when the deskewed psums do: OutputAlign − ReconFlight − 1.</summary>
    public int ReconTap => OutputAlign - ReconFlight - 1;
    /// <summary>Cycles from the cycle after acceptance to the array's bottom (the cycle its result enters the output
    /// buffer): Rows + OutputAlign.</summary>
    public int ArrayLatency => Rows + OutputAlign;
    /// <summary>Cycles from the cycle after acceptance to out_valid: the array plus the registered output buffer.</summary>
    public int PipelineLatency => ArrayLatency + 1;
    public int RowBits => Logic.Log2Ceil(Rows);
    public const int CounterWidth = 48;
    /// <summary>G shared ReCoN units (1 ≤ G &lt; Rows) instead of one per row.</summary>
    public bool SharedRecon => ReconUnits > 0 && ReconUnits < Rows;
    /// <summary>Rows each unit may serve: Rows/G with row groups, else all.</summary>
    public int RowsPerReconGroup => ReconRowGroups && SharedRecon ? Rows / ReconUnits : Rows;
    /// <summary>Arbitration groups: G with row groups (one unit each), else one group with all G units.</summary>
    public int ReconGroupCount => ReconRowGroups && SharedRecon ? ReconUnits : 1;
    /// <summary>ReCoN units actually built: Rows when each row has its own.</summary>
    public int ReconUnitCount => SharedRecon ? ReconUnits : Rows;

    protected override void Check()
    {
        RequireRange(Rows, 1, 256);
        RequirePowerOfTwo(Cols, 4, 256);
        RequireOneOf(MicroBlock, [8], ": the 32-bit µB record holds 8 codes");
        RequireRange(ShiftWidth, 1, 4);
        RequireRange(DeltaOWidth, 1, 5);
        RequireRange(AccumulatorWidth, ProductWidth + 2, 62);
        RequireRange(ReconUnits, 0, Rows, " = 0..Rows (0 or Rows: one per row)");
        Require(!ReconRowGroups || (SharedRecon && Rows % ReconUnits == 0), nameof(ReconRowGroups),
            $"needs shared units that divide the rows: 1 ≤ ReconUnits < Rows and Rows % ReconUnits == 0 (got Rows = {Rows}, ReconUnits = {ReconUnits})");
    }
}
