using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw;
using SmartQuant.Hw.Cxl;

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
        : CxlStoreConfig.Compact with { PhysAddressBits = 26, DpaBits = 30, BufferEntries = 8 };

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

    [Fact]
    public void The_two_test_configurations_differ_in_the_dram_port_widths()
    {
        // otherwise the theory above would check one layout twice
        var (a, b) = (CxlStoreInterface.Ports(Config("compact")), CxlStoreInterface.Ports(Config("wide")));
        Assert.NotEqual(a.Single(p => p.Name == "mem_req_addr").Width, b.Single(p => p.Name == "mem_req_addr").Width);
        Assert.NotEqual(a.Single(p => p.Name == "mem_rsp_id").Width, b.Single(p => p.Name == "mem_rsp_id").Width);
    }
}
