using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw;
using SmartQuant.Hw.Cxl;
using SmartQuant.Models.Cxl;
using SmartQuant.Sim;

namespace SmartQuant.Cxl.Tests.Cxl;

/// <summary>
/// The spec's port list of the cxl-store top (<see cref="CxlStoreInterface"/>, what the golden-model experiments lay out
/// their buffers from without elaborating RTL) equals the elaborated top's port map: every port's name, direction,
/// width, signedness and buffer offset, in order, for configurations whose DRAM-port widths differ.
/// </summary>
public class CxlStoreInterfaceTests
{
    public static TheoryData<string> Configs => ["compact", "wide"];

    private static CxlStoreConfig Config(string name) => name == "compact" ? CxlStoreConfig.Compact
        : new CxlStoreConfig(   // Compact with wider addresses and more entries
            regions: 2, bufferEntries: 8, slicesPerCycle: 2, physAddressBits: 26, dpaBits: 30, flushIdleCycles: 16, ndrQueueDepth: 4, writeCombiners: 4);

    [Theory, MemberData(nameof(Configs))]
    public void The_spec_port_list_is_the_elaborated_top_port_for_port(string name)
    {
        var cfg = Config(name);
        var rtl = new PortMap(DesignCatalog.Find("cxl-store").Elaborate(cfg).Top);
        var spec = CxlStoreInterface.PortMap(cfg);
        Assert.Equal(rtl.TopName, spec.TopName);
        Assert.Equal(rtl.HasClock, spec.HasClock);
        static string Row(PortSlot p) => $"{p.Name} w{p.Width} s{p.Signed} @{p.Offset}";
        Assert.Equal(rtl.Inputs.Select(Row), spec.Inputs.Select(Row));
        Assert.Equal(rtl.Outputs.Select(Row), spec.Outputs.Select(Row));
        Assert.Equal((rtl.InputWords, rtl.OutputWords), (spec.InputWords, spec.OutputWords));
    }

    [Theory, MemberData(nameof(Configs))]
    public void The_typed_binding_from_the_spec_is_the_binding_through_the_top_field_by_field(string name)
    {
        // golden-only experiments bind from the spec, co-simulation through the elaborated CxlStore's fields: every
        // typed field (Req.Valid, Drs.Data, ...) must land on the same buffer slot, or the golden model would drive
        // a different port in the experiments than in the co-simulations
        var cfg = Config(name);
        var bound = DesignCatalog.Find("cxl-store").BoundPortMap(cfg);
        var rtl = PortBindings.CxlStore(bound).Slots;
        var spec = CxlStorePorts.FromSpec(cfg).Slots;
        static string Row(PortSlot p) => $"{p.Name} w{p.Width} s{p.Signed} @{p.Offset}";
        Assert.Equal(rtl.All.Select(Row), spec.All.Select(Row));
        Assert.Equal(rtl.All.Count(), rtl.All.Distinct().Count());   // no field bound twice
        Assert.Equal(bound.Inputs.Count + bound.Outputs.Count, rtl.All.Count());   // and every port bound
    }

    [Fact]
    public void The_two_test_configurations_differ_in_the_dram_port_widths()
    {
        // otherwise the theory above would check one layout twice
        var (a, b) = (CxlStoreInterface.Declared(Config("compact")), CxlStoreInterface.Declared(Config("wide")));
        Assert.NotEqual(a.MemReq.Addr.Width, b.MemReq.Addr.Width);
        Assert.NotEqual(a.MemRsp.Id.Width, b.MemRsp.Id.Width);
    }
}
