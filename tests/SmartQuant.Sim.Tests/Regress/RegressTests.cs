using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using SmartQuant.Sim.Regress;

namespace SmartQuant.Sim.Tests.Regress;

/// <summary>`smartquant regress`: shards, merge, replay, JUnit, failure folders, crash and hang isolation.</summary>
public class RegressTests
{
    private static readonly string[] SmallCases =
    [
        "fifo.random.d2w1.s1.n3000",
        "fifo.random.default.s7.n3000",
        "mac-array.random.r3c5a16.s2.n3000",
        "mac-array.random.default.s5.n3000",
    ];

    private static RegressOptions Options(string dir, Dictionary<string, string?>? env = null, int timeoutSeconds = 300) => new()
    {
        CliAssembly = Path.Combine(AppContext.BaseDirectory, "smartquant.dll"),
        OutDirectory = dir,
        Jobs = 2,
        WallClockLimit = TimeSpan.FromSeconds(timeoutSeconds),
        Environment = env ?? [],
    };

    private static string Temp() => Directory.CreateTempSubdirectory("sq-regress-").FullName;

    [Theory]
    [InlineData("nightly", 3)]
    [InlineData("nightly", 5)]
    [InlineData("random", 4)]
    [InlineData("smoke", 3)]
    public void ShardsAreDisjointBalancedAndCoverTheSuite(string suite, int n)
    {
        var cases = Suites.Build(suite, seed: 11, randomConfigs: 5);
        var slices = Enumerable.Range(1, n).Select(i => Sharding.Slice(cases, i, n)).ToList();
        var ids = slices.SelectMany(s => s.Select(c => c.Id)).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(cases.Select(c => c.Id).Order(), ids.Order());
        var loads = slices.Select(s => s.Sum(c => c.Cost)).ToList();
        Assert.True(loads.Max() - loads.Min() <= cases.Max(c => c.Cost), $"unbalanced: {string.Join(", ", loads)}");
        Assert.Equal(slices[0].Select(c => c.Id), Sharding.Slice(cases, 1, n).Select(c => c.Id)); // deterministic
    }

    [Fact]
    public void RandomSuiteDrawsLegalConfigurationsReproducibly()
    {
        var a = Suites.Build("random", seed: 99, randomConfigs: 6);
        var b = Suites.Build("random", seed: 99, randomConfigs: 6);
        Assert.Equal(a.Select(c => c.Id), b.Select(c => c.Id));
        Assert.Contains(a, c => c.ConfigTag.StartsWith("rnd-"));
        Assert.True(a.Select(c => c.Config.ToJson()).Distinct().Count() > 4);
        foreach (var c in a) Assert.Equal(c.Config, RegressCase.Parse(c.Id).Config);   // an id rebuilds its (checked) config
        Assert.NotEqual(a.Select(c => c.Id), Suites.Build("random", seed: 100, randomConfigs: 6).Select(c => c.Id));
        // MicroScopiQ draws cover one ReCoN per row, the shared pool and row groups.
        var msq = a.Select(c => c.Config).OfType<SmartQuant.Hw.MicroScopiQ.MicroScopiQConfig>().ToList();
        Assert.Contains(msq, c => !c.SharedRecon);
        Assert.Contains(msq, c => c.SharedRecon && !c.ReconRowGroups);
        Assert.Contains(msq, c => c.ReconRowGroups);
    }

    [Fact]
    public void BadIdsAndShardsAreClearErrors()
    {
        Assert.Contains("is not a regression case ID", Assert.Throws<SmartQuant.Hdl.HdlException>(() => RegressCase.Parse("mac-array.random")).Message);
        Assert.Contains("has no configuration 'zz'", Assert.Throws<SmartQuant.Hdl.HdlException>(() => RegressCase.Parse("fifo.random.zz.s1.n10")).Message);
        Assert.Contains("--shard must be i/n", Assert.Throws<ArgumentException>(() => Sharding.Parse("3/2")).Message);
    }

    [Fact]
    public void MergedShardResultsEqualTheUnshardedRun()
    {
        var dir = Temp();
        var cases = SmallCases.Select(RegressCase.Parse).ToList();
        var whole = WorkerPool.Run(cases, Options(Path.Combine(dir, "whole")));
        Assert.All(whole, r => Assert.True(r.Passed, $"{r.Id}: {r.Reason}"));
        JUnitReport.Write(Path.Combine(dir, "whole.xml"), "mini", whole);

        var shardFiles = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            var slice = Sharding.Slice(cases, i, 3);
            var results = WorkerPool.Run(slice, Options(Path.Combine(dir, $"s{i}")));
            var file = Path.Combine(dir, $"s{i}.xml");
            JUnitReport.Write(file, $"mini-shard{i}of3", results);
            shardFiles.Add(file);
        }
        var merged = JUnitReport.Merge(shardFiles, out var suite);
        Assert.StartsWith("mini", suite);
        Assert.Equal(whole.Select(r => (r.Id, r.Outcome, r.Cycles)).OrderBy(x => x.Id), merged.Select(r => (r.Id, r.Outcome, r.Cycles)));
        Assert.Throws<InvalidDataException>(() => JUnitReport.Merge([shardFiles[0], shardFiles[0]], out _));
    }

    [Fact]
    public void BrokenCaseLeavesItsFailureFolderAndReplaysIdentically()
    {
        var dir = Temp();
        const string id = "mac-array.random.default.s3.n4000";
        var env = new Dictionary<string, string?> { [CaseRunner.FaultVariable] = $"diverge:{id}@1500" };
        var first = WorkerPool.Run([RegressCase.Parse(id), RegressCase.Parse(SmallCases[0])], Options(Path.Combine(dir, "a"), env));
        var broken = first.Single(r => r.Id == id);
        Assert.Equal(Outcome.Fail, broken.Outcome);
        Assert.Equal(1501, broken.Cycles);
        Assert.Contains("first divergence at cycle 1500 on port psum_out_0", broken.Reason);
        Assert.True(first.Single(r => r.Id != id).Passed);

        var folder = broken.FailureDirectory!;
        Assert.Contains("first divergence: design=mac-array test=random seed=3 cycle=1500", File.ReadAllText(Path.Combine(folder, "report.txt")));
        Assert.True(new FileInfo(Path.Combine(folder, "random.fst")).Length > 0);
        Assert.Contains("psum_out_0", File.ReadAllText(Path.Combine(folder, "random.gtkw")));
        var manifest = File.ReadAllText(Path.Combine(folder, "manifest.json"));
        Assert.Contains($"\"replay\": \"smartquant regress --only {id}\"", manifest);
        Assert.Contains("\"configHash\"", manifest);
        Assert.Contains("Verilator 5", manifest);

        var replay = WorkerPool.Run([RegressCase.Parse(id)], Options(Path.Combine(dir, "b"), env)).Single();
        Assert.Equal((broken.Outcome, broken.Cycles, broken.Reason), (replay.Outcome, replay.Cycles, replay.Reason));
        var clean = WorkerPool.Run([RegressCase.Parse(id)], Options(Path.Combine(dir, "c"))).Single();
        Assert.True(clean.Passed);
        Assert.Equal(4000, clean.Cycles);
    }

    [Fact]
    public void CrashAndHangFailAloneWithAClearReason()
    {
        var dir = Temp();
        var crash = SmallCases[1];
        var hang = SmallCases[3];
        var env = new Dictionary<string, string?> { [CaseRunner.FaultVariable] = $"abort:{crash}" };
        var results = WorkerPool.Run(SmallCases.Select(RegressCase.Parse).ToList(), Options(Path.Combine(dir, "a"), env, timeoutSeconds: 60));
        var crashed = results.Single(r => r.Id == crash);
        Assert.Equal(Outcome.Crash, crashed.Outcome);
        Assert.Contains("worker died with exit code 134 (SIGABRT: aborted) before reporting a result", crashed.Reason);
        Assert.True(File.Exists(Path.Combine(crashed.FailureDirectory!, "manifest.json")));
        Assert.All(results.Where(r => r.Id != crash), r => Assert.True(r.Passed, r.Reason));

        var hangEnv = new Dictionary<string, string?> { [CaseRunner.FaultVariable] = $"hang:{hang}" };
        var timed = WorkerPool.Run([RegressCase.Parse(hang), RegressCase.Parse(SmallCases[0])], Options(Path.Combine(dir, "b"), hangEnv, timeoutSeconds: 20));
        var hung = timed.Single(r => r.Id == hang);
        Assert.Equal(Outcome.Timeout, hung.Outcome);
        Assert.Contains("no result after the 20 s wall-clock limit; the worker was killed", hung.Reason);
        Assert.True(timed.Single(r => r.Id != hang).Passed);
    }

    [Fact]
    public void CoverageIsCollectedPerCaseAndMergedPerModule()
    {
        var dir = Temp();
        var ids = new[] { "fifo.random.d2w1.s1.n2000", "fifo.random.d2w1.s2.n2000" };
        var options = Options(dir) with { Coverage = true };
        var results = WorkerPool.Run(ids.Select(RegressCase.Parse).ToList(), options);
        Assert.All(results, r => Assert.True(r.Passed, r.Reason));
        var files = ids.Select(id => CaseRunner.CoverageFile(dir, id)).ToList();
        Assert.All(files, f => Assert.True(File.Exists(f), f));
        var merged = Path.Combine(dir, "merged.dat");
        CoverageSummary.Merge(files, merged);
        var fifo = Assert.Single(CoverageSummary.Read(merged));
        Assert.Equal("fifo", fifo.Module);
        Assert.True(fifo.LinePoints > 5 && fifo.TogglePoints > 5, fifo.ToString());
        Assert.True(fifo.LineHit == fifo.LinePoints, $"random traffic should reach every line of a 2-deep FIFO: {fifo}");
        Assert.Contains("| fifo |", CoverageSummary.Markdown([fifo]));
    }

    [Fact]
    public void ResultFileSaysWhichConfigurationRan()
    {
        var id = Suites.Build("random", seed: 99, randomConfigs: 6).First(c => c.Design == "microscopiq").Id;
        var json = new CaseResult(id, Outcome.Pass, 10, 0.5).ToJson();
        var config = System.Text.Json.Nodes.JsonNode.Parse(json)!["Config"]!;
        Assert.Equal(RegressCase.Parse(id).Config.ToJson(), config.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        Assert.Equal(new CaseResult(id, Outcome.Pass, 10, 0.5), CaseResult.FromJson(json));
        Assert.Null(System.Text.Json.Nodes.JsonNode.Parse(new CaseResult("not-a-case", Outcome.Error, 0, 0).ToJson())!["Config"]);
    }

    [Fact]
    public void JUnitValidatesAgainstTheCommonSchema()
    {
        var results = new[]
        {
            new CaseResult("fifo.random.default.s1.n10", Outcome.Pass, 10, 0.5),
            new CaseResult("fifo.random.default.s2.n10", Outcome.Fail, 4, 0.25, "first divergence at cycle 3 on port count", "/tmp/x"),
            new CaseResult("fifo.random.default.s3.n10", Outcome.Crash, 0, 1, "worker died with exit code 134"),
            new CaseResult("fifo.random.default.s4.n10", Outcome.Timeout, 0, 20, "no result"),
        };
        var doc = JUnitReport.ToXml("smoke", results);
        var schemas = new XmlSchemaSet();
        schemas.Add("", Path.Combine(AppContext.BaseDirectory, "Regress", "junit.xsd"));
        var errors = new List<string>();
        doc.Validate(schemas, (_, e) => errors.Add(e.Message));
        Assert.Empty(errors);
        var suite = doc.Root!.Element("testsuite")!;
        Assert.Equal("4", suite.Attribute("tests")!.Value);
        Assert.Equal("1", suite.Attribute("failures")!.Value);
        Assert.Equal("2", suite.Attribute("errors")!.Value);

        var path = Path.Combine(Temp(), "r.xml");
        JUnitReport.Write(path, "smoke", results);
        var (name, back) = JUnitReport.Read(path);
        Assert.Equal("smoke", name);
        Assert.Equal(results.Select(r => (r.Id, r.Outcome, r.Cycles)), back.Select(r => (r.Id, r.Outcome, r.Cycles)));
    }
}
