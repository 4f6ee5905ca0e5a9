using SmartQuant.Hdl;
using SmartQuant.Sim;

namespace SmartQuant.Sim.Tests;

/// <summary>
/// A run may ask for its own C++ optimization level (<see cref="SimOptions.OptFast"/>; the report's short spot checks ask
/// for -O1): the build then uses it, unless a build at the usual level is already cached, which is used instead.
/// </summary>
public class BuildOptLevelTests
{
    [Fact]
    public void A_run_builds_at_its_own_level_or_reuses_a_cached_build_at_the_usual_level()
    {
        var usual = VerilatorBuild.OptFast;
        var other = usual == "-O0" ? "-O1" : "-O0";
        var fifo = SimTestCatalog.Find("fifo");
        var ir = SmartQuant.Hw.DesignCatalog.Find("fifo").Elaborate(SmartQuant.Hw.DesignCatalog.Find("fifo").DefaultConfig);

        // The usual build, in the shared cache (other fifo tests build it anyway): a run asking for another level gets it.
        var cached = VerilatorBuild.Build(ir);
        var reused = LockstepEngine.Run(fifo, new SimOptions { Cycles = 200, OptFast = other });
        Assert.True(reused.Passed, reused.Divergence?.ToString());
        Assert.Equal(cached.Key, reused.Library.Key);

        // An empty cache: the run builds at the level it asked for.
        var root = Directory.CreateTempSubdirectory("sq-optlevel-").FullName;
        try
        {
            var own = LockstepEngine.Run(fifo, new SimOptions { Cycles = 200, OptFast = other, Cache = new BuildCache(root) });
            Assert.True(own.Passed, own.Divergence?.ToString());
            Assert.NotEqual(cached.Key, own.Library.Key);
            Assert.Contains($"OPT_FAST={other}", File.ReadAllText(own.Library.BuildLog));
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Fact]
    public void An_unknown_level_is_refused_with_the_levels_allowed()
    {
        var ir = SmartQuant.Hw.DesignCatalog.Find("fifo").Elaborate(SmartQuant.Hw.DesignCatalog.Find("fifo").DefaultConfig);
        var e = Assert.Throws<HdlException>(() => VerilatorBuild.Build(ir, optFast: "-O9"));
        Assert.Contains("-O0, -O1, -O2, -O3, -Os", e.Message);
    }
}
