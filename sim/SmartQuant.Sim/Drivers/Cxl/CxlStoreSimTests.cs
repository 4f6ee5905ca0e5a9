using SmartQuant.Hdl;
using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.Cxl;
using SmartQuant.Models.Cxl;

namespace SmartQuant.Sim.Drivers.Cxl;

/// <summary>Factories behind the cxl-store lines of <see cref="SimTestCatalog"/>, and the small test configuration.</summary>
public static class CxlStoreSimTests
{
    /// <summary>The test configuration: the design's compact catalog default (builds in about two minutes).</summary>
    public static CxlStoreConfig Small => CxlStoreConfig.Compact;

    public static ICycleModel Golden(DesignConfig c, PortMap m) => new CxlStoreModel((CxlStoreConfig)c, PortBindings.CxlStore(m));

    public static CxlStoreDriver Stream(DesignConfig c, PortMap m, ulong seed) =>
        new((CxlStoreConfig)c, PortBindings.CxlStore(m), seed, new CxlReference(new byte[CxlStreamScenario.Blocks * 512]), CxlStreamScenario.Steps(Rng(seed)), tags: 64);

    public static CxlStoreDriver Random(DesignConfig c, PortMap m, ulong seed) =>
        new((CxlStoreConfig)c, PortBindings.CxlStore(m), seed, new CxlReference(new byte[CxlRandomScenario.Blocks * 512]), CxlRandomScenario.Steps(Rng(seed)), CxlRandomScenario.Tags);

    public static CxlStoreDriver Streams(DesignConfig c, PortMap m, ulong seed) =>
        new((CxlStoreConfig)c, PortBindings.CxlStore(m), seed, new CxlReference(new byte[CxlMultiStreamScenario.Blocks * 512]),
            CxlMultiStreamScenario.Steps(Rng(seed), ((CxlStoreConfig)c).BufferEntries), tags: 64);

    public static CxlStoreDriver Ingest(DesignConfig c, PortMap m, ulong seed) =>
        new((CxlStoreConfig)c, PortBindings.CxlStore(m), seed, new CxlReference(new byte[CxlIngestScenario.Blocks * 512]),
            CxlIngestScenario.Steps(Rng(seed), ((CxlStoreConfig)c).WriteCombiners), tags: 64);

    public static CxlStoreDriver Partial(DesignConfig c, PortMap m, ulong seed) =>
        new((CxlStoreConfig)c, PortBindings.CxlStore(m), seed, new CxlReference(new byte[CxlPartialScenario.Blocks * 512]), CxlPartialScenario.Steps(Rng(seed)), tags: 64);

    public static CxlStoreDriver Poison(DesignConfig c, PortMap m, ulong seed) =>
        new((CxlStoreConfig)c, PortBindings.CxlStore(m), seed, new CxlReference(new byte[CxlPartialScenario.Blocks * 512]), CxlPartialScenario.Steps(Rng(seed), poison: true), tags: 64);

    public static CxlStoreDriver Interleave(DesignConfig c, PortMap m, ulong seed) => Interleave(c, m, seed, CxlInterleaveScenario.Settings);

    /// <summary>The interleave scenario on chosen HDM settings (tests pin one setting per run).</summary>
    public static CxlStoreDriver Interleave(DesignConfig c, PortMap m, ulong seed, IReadOnlyList<HdmInterleave> settings) =>
        new((CxlStoreConfig)c, PortBindings.CxlStore(m), seed, new CxlReference(new byte[CxlInterleaveScenario.Blocks * 512]), CxlInterleaveScenario.Steps(Rng(seed), settings), tags: 32);

    private static System.Random Rng(ulong seed) => new((int)(SimRandom.Mix(seed) & 0x7fff_ffff));

    /// <summary>Fields a valid/ready channel shows only while its valid is high.</summary>
    public static IReadOnlyList<DontCare> DontCares { get; } =
    [
        .. Fields("s2m_drs_valid", "s2m_drs_opcode", "s2m_drs_meta_field", "s2m_drs_meta_value", "s2m_drs_tag", "s2m_drs_poison",
            "s2m_drs_ld_id", "s2m_drs_dev_load", "s2m_drs_data"),
        .. Fields("s2m_ndr_valid", "s2m_ndr_opcode", "s2m_ndr_meta_field", "s2m_ndr_meta_value", "s2m_ndr_tag", "s2m_ndr_ld_id", "s2m_ndr_dev_load"),
        .. Fields("mem_req_valid", "mem_req_addr", "mem_req_id", "mem_req_write", "mem_req_wdata", "mem_req_meta"),
    ];

    private static IEnumerable<DontCare> Fields(string valid, params string[] fields) =>
        fields.Select(f => new DontCare(f, (_, e) => e[valid] == 0, $"{f} is shown only while {valid}"));
}
