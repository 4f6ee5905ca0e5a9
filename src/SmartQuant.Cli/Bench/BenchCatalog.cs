namespace SmartQuant.Cli.Bench;

/// <summary>Every benchmark `smartquant bench` runs, in order.</summary>
public static class BenchCatalog
{
    public static IEnumerable<IBenchmark> All()
    {
        yield return new KitEmitBench();
        yield return new QuantGptqBench();
        yield return new PackBench();
        yield return new CoSimSpeedBench();
        yield return new BuildCacheBench();
        yield return new MicroScopiQEmitBench();
        yield return new MicroScopiQCoSimBench();
    }
}
