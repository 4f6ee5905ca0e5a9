namespace SmartQuant.Sim;

/// <summary>Where build products go: under the repository root (the directory holding SmartQuant.sln).</summary>
public static class RepoPaths
{
    /// <summary>The repository root, found by walking up from the working directory, then from this assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The Verilator build cache: <c>$SMARTQUANT_CACHE</c> or <c>build/sim-cache</c> under the root.</summary>
    public static string CacheRoot =>
        Environment.GetEnvironmentVariable("SMARTQUANT_CACHE") is { Length: > 0 } env ? Path.GetFullPath(env)
            : Path.Combine(Root, "build", "sim-cache");

    /// <summary>Default directory for waveforms of failing runs.</summary>
    public static string WavesRoot => Path.Combine(Root, "build", "sim-waves");

    private static string FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "SmartQuant.sln"))) return d.FullName;
        }
        // Outside a checkout (an installed CLI): keep products next to the working directory.
        return Directory.GetCurrentDirectory();
    }
}
