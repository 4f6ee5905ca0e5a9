using SmartQuant.Hw;
using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Hdl.Tests;

/// <summary>The paper's area-optimal MicroScopiQ variant is offered by name and as a --config file; both say the same.</summary>
public class NamedConfigTests
{
    [Fact]
    public void Paper_area_optimal_file_loads_as_the_named_configuration()
    {
        var entry = DesignCatalog.Find("microscopiq");
        var loaded = DesignCatalog.LoadConfig(entry, Repo("examples/configs/microscopiq-paper-area-optimal.json"));
        Assert.Equal(MicroScopiQConfig.PaperAreaOptimal, loaded);
        Assert.True(MicroScopiQConfig.PaperAreaOptimal.SharedRecon);
        Assert.Equal(1, MicroScopiQConfig.PaperAreaOptimal.ReconUnitCount);
        // The default stays the small one-ReCoN-per-row array a new user co-simulates in seconds (README, "Designs").
        Assert.False(((MicroScopiQConfig)entry.DefaultConfig).SharedRecon);
    }

    private static string Repo(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SmartQuant.sln"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, relative);
    }
}
