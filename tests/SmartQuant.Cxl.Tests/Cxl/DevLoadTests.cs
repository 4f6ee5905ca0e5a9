using SmartQuant.Hw.Cxl;

namespace SmartQuant.Cxl.Tests.Cxl;

/// <summary>
/// DevLoad on NDR and DRS (CXL 2.0 §3.3.4) from the block buffer's occupancy, on the golden model (the co-simulations
/// compare the field with the RTL's on every response): a lone read on an idle store reports Light; a burst of misses
/// to distinct blocks fills the buffer and reports overload until it drains.
/// </summary>
public class DevLoadTests
{
    [Fact]
    public void Lone_read_is_light_and_a_burst_of_misses_overloads()
    {
        var (bench, host, _) = GoldenBench.Create(GoldenBench.Small);
        const int blocks = 32;
        host.Program(0, 1 << 24, GoldenBench.Regions(blocks, 4));
        var seen = new HashSet<ulong>();
        host.Watch = o =>
        {
            if (o[bench.P.Drs.Valid] != 0) seen.Add(o[bench.P.Drs.DevLoad]);
            if (o[bench.P.Ndr.Valid] != 0) seen.Add(o[bench.P.Ndr.DevLoad]);
        };
        host.Read(1 << 20);
        host.Run();
        Assert.Equal([(ulong)CxlOpcodes.DevLoadLight], seen);

        seen.Clear();
        for (var b = 0; b < blocks; b++) host.Read((1 << 20) + 4 * b);   // line 0 of every block: all misses
        host.Run();
        // Measured: Light, Optimal and Moderate Overload; in this run the 8 sub-entries were never all busy in a cycle
        // with a response (Severe is reported only then).
        Assert.True(seen.Max() >= CxlOpcodes.DevLoadModerate, $"DevLoad seen: {string.Join(", ", seen)}");
        Assert.Contains((ulong)CxlOpcodes.DevLoadLight, seen);          // the last responses leave an emptying buffer
    }

    [Theory]
    [InlineData(0, 8, CxlOpcodes.DevLoadLight)]
    [InlineData(3, 8, CxlOpcodes.DevLoadLight)]
    [InlineData(4, 8, CxlOpcodes.DevLoadOptimal)]
    [InlineData(6, 8, CxlOpcodes.DevLoadModerate)]
    [InlineData(7, 8, CxlOpcodes.DevLoadModerate)]
    [InlineData(8, 8, CxlOpcodes.DevLoadSevere)]
    public void Thresholds(int busy, int subEntries, int expected) => Assert.Equal(expected, CxlOpcodes.DevLoadOf(busy, subEntries));
}
