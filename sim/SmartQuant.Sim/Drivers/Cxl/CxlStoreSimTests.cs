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

    public static CxlStoreDriver CreditBackpressure(DesignConfig c, PortMap m, ulong seed) =>
        new((CxlStoreConfig)c, PortBindings.CxlStore(m), seed, new CxlReference(new byte[CxlCreditScenario.Blocks * 512]), CxlCreditScenario.Backpressure(Rng(seed)), tags: 64);

    public static CxlStoreDriver CreditOverrun(DesignConfig c, PortMap m, ulong seed) =>
        new((CxlStoreConfig)c, PortBindings.CxlStore(m), seed, new CxlReference(new byte[CxlCreditScenario.Blocks * 512]), CxlCreditScenario.Overrun(Rng(seed)), tags: 64);

    public static CxlStoreDriver Interleave(DesignConfig c, PortMap m, ulong seed) => Interleave(c, m, seed, CxlInterleaveScenario.Settings);

    /// <summary>The interleave scenario on chosen HDM settings (tests pin one setting per run).</summary>
    public static CxlStoreDriver Interleave(DesignConfig c, PortMap m, ulong seed, IReadOnlyList<HdmInterleave> settings) =>
        new((CxlStoreConfig)c, PortBindings.CxlStore(m), seed, new CxlReference(new byte[CxlInterleaveScenario.Blocks * 512]), CxlInterleaveScenario.Steps(Rng(seed), settings), tags: 32);

    private static System.Random Rng(ulong seed) => new((int)(SimRandom.Mix(seed) & 0x7fff_ffff));

    /// <summary>The fields of the three output channels (S2M DRS, S2M NDR, DRAM request) are shown only while the
    /// channel's valid is high; bound through the top's typed port set, so a new field is covered and a rename compiles.</summary>
    public static IReadOnlyList<DontCare> DontCares(PortMap m)
    {
        var p = PortBindings.CxlStore(m);
        return [.. Shown(m, p.Drs.Valid, p.Drs.All), .. Shown(m, p.Ndr.Valid, p.Ndr.All), .. Shown(m, p.MemReq.Valid, p.MemReq.All)];
    }

    /// <summary>A channel's outputs other than its valid (the flow-control input coming back is not compared anyway).</summary>
    private static IEnumerable<DontCare> Shown(PortMap m, PortSlot valid, IEnumerable<PortSlot> channel) =>
        DontCare.WhileInvalid(valid, channel.Where(s => s != valid && !m.IsInput(s)));
}
