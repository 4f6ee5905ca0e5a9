using System.Security.Cryptography;
using System.Text;
using SmartQuant.Hdl;

namespace SmartQuant.Sim;

/// <summary>
/// Content-addressed store of build products: one directory per key (a hash of everything that affects the
/// product). A finished entry has an <c>ok</c> marker; builds of the same key are serialized by a lock file, so
/// concurrent tests or processes never build the same key twice or read a half-built one.
/// </summary>
public sealed class BuildCache(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public static BuildCache Default => new(RepoPaths.CacheRoot);

    /// <summary>SHA-256 over named parts (name and content, length-prefixed so parts cannot run together); 24 hex digits.</summary>
    public static string Key(IEnumerable<(string Name, string Content)> parts)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, content) in parts)
        foreach (var s in new[] { name, content })
        {
            var bytes = Encoding.UTF8.GetBytes(s);
            sha.AppendData(BitConverter.GetBytes(bytes.Length));
            sha.AppendData(bytes);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..24];
    }

    public string EntryDirectory(string key) => Path.Combine(Root, key);

    /// <summary>Whether a finished entry for <paramref name="key"/> exists (it is not built).</summary>
    public bool Has(string key) => File.Exists(Path.Combine(EntryDirectory(key), "ok"));

    /// <summary>
    /// Returns the entry directory for <paramref name="key"/>, running <paramref name="build"/> into it first unless a
    /// finished entry exists. A failed build leaves no <c>ok</c> marker, so the next call retries it.
    /// </summary>
    public (string Directory, bool FromCache) GetOrBuild(string key, Action<string> build, TimeSpan? lockTimeout = null)
    {
        var dir = EntryDirectory(key);
        var ok = Path.Combine(dir, "ok");
        if (File.Exists(ok)) return (dir, true);
        Directory.CreateDirectory(Root);
        using (AcquireLock(Path.Combine(Root, key + ".lock"), lockTimeout ?? TimeSpan.FromMinutes(15)))
        {
            if (File.Exists(ok)) return (dir, true); // another builder finished while we waited
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); // leftovers of a failed build
            Directory.CreateDirectory(dir);
            build(dir);
            File.WriteAllText(ok, DateTime.UtcNow.ToString("O"));
        }
        return (dir, false);
    }

    private static FileStream AcquireLock(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            // Lock files stay behind on purpose: deleting one on close would let two builders lock different inodes.
            catch (IOException) when (DateTime.UtcNow < deadline) { Thread.Sleep(50); }
            catch (IOException) { throw new HdlException($"timed out waiting for the build lock {path}"); }
        }
    }
}
