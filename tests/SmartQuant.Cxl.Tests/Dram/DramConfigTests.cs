using SmartQuant.Models.Dram;

namespace SmartQuant.Cxl.Tests.Dram;

public class DramConfigTests
{
    [Fact]
    public void DefaultsDescribeFourDdr5_4800SubChannels()
    {
        var c = DramConfig.Default;
        c.Validate();
        Assert.Equal((4, 8, 4, 8192, 512, 64, 2), (c.SubChannels, c.BankGroups, c.BanksPerGroup, c.RowBytes, c.InterleaveBytes, c.QueueDepth, c.ClockRatio));
        Assert.Equal(76.8e9, c.PeakBandwidthBytesPerSecond, 1e6);        // 4 × 19.2 GB/s
        Assert.Equal(76.8e9, c.PortBandwidthBytesPerSecond, 1e6);        // 64 B per 1.2 GHz cycle
        Assert.Equal(0.8333, c.ControllerCycleNs, 4);
    }

    [Theory]
    [InlineData("SubChannels")]
    [InlineData("BankGroups")]
    [InlineData("RowBytes")]
    [InlineData("InterleaveBytes")]
    [InlineData("QueueDepth")]
    [InlineData("ClockRatio")]
    [InlineData("WriteQueueDepth")]
    [InlineData("WriteHighWatermark")]
    [InlineData("tRC")]
    [InlineData("tRFC")]
    [InlineData("DevicesPerRank")]
    public void InvalidFieldsAreNamed(string field)
    {
        var d = DramConfig.Default;
        DramConfig bad = field switch
        {
            "SubChannels" => d with { SubChannels = 3 },
            "BankGroups" => d with { BankGroups = 0 },
            "RowBytes" => d with { RowBytes = 32 },
            "InterleaveBytes" => d with { InterleaveBytes = 16384 },
            "QueueDepth" => d with { QueueDepth = 0 },
            "ClockRatio" => d with { ClockRatio = -1 },
            "WriteQueueDepth" => d with { WriteQueueDepth = -1 },
            "WriteHighWatermark" => d with { WriteHighWatermark = 8, WriteLowWatermark = 8 },
            "tRC" => d with { Timing = d.Timing with { tRC = 50 } },
            "tRFC" => d with { Timing = d.Timing with { tRFC = 20000 } },
            "DevicesPerRank" => d with { Power = d.Power with { DevicesPerRank = 0 } },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };
        var ex = Assert.Throws<ArgumentException>(bad.Validate);
        Assert.Contains(field, ex.Message);
        Assert.Throws<ArgumentException>(() => new DramModel(bad));
    }
}
