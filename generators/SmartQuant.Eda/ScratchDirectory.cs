using SmartQuant.Emit;

namespace SmartQuant.Eda;

/// <summary>A private temporary directory, removed when disposed.</summary>
public sealed class ScratchDirectory : IDisposable
{
    public string Path { get; }

    public ScratchDirectory(string purpose)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"smartquant-{purpose}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        OutputWriter.PrepareDirectory(Path, "scratch directory (TMPDIR)");
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* best effort: a leftover temp directory is harmless */ }
    }
}
