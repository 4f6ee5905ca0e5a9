using SmartQuant.Quant.Numerics;

namespace SmartQuant.Quant.Sources;

/// <summary>
/// Real calibration activations in safetensors files, each one tensor [T×K] token-major (a layer input captured from a
/// model run). Every file is checked before any data is read (present, readable header, one 2-D tensor or the named
/// one, K columns matching the weights, a supported dtype); the data is then streamed in batches into a
/// <see cref="HessianAccumulator"/>, each batch checked for NaN/Infinity, so memory stays at the Hessian plus one batch
/// whatever T is. Every problem is an exception whose one-line message names the file, the tensor and the position.
/// </summary>
public sealed class CalibrationFiles
{
    /// <summary>Tokens kept (feature-major) for an in-sample error figure.</summary>
    public const int SampleTokens = 512;

    private readonly List<(string Path, SafetensorsReader Reader, SafetensorsEntry Entry)> _files;
    private readonly int _k;

    private CalibrationFiles(List<(string, SafetensorsReader, SafetensorsEntry)> files, int k)
    {
        _files = files; _k = k;
    }

    /// <summary>"file:tensor" per file.</summary>
    public IEnumerable<string> Names => _files.Select(f => $"{Path.GetFileName(f.Path)}:{f.Entry.Name}");

    /// <summary>Total tokens over all files.</summary>
    public long Tokens => _files.Sum(f => f.Entry.Shape[0]);

    /// <param name="paths">The files, in the order their tokens are accumulated.</param>
    /// <param name="tensor">Tensor name in every file; null = each file's only 2-D tensor.</param>
    /// <param name="k">K, the weights' input columns.</param>
    public static CalibrationFiles Open(IReadOnlyList<string> paths, string? tensor, int k)
    {
        var files = new List<(string, SafetensorsReader, SafetensorsEntry)>();
        foreach (var path in paths)
        {
            string name = Path.GetFileName(path);
            if (!File.Exists(path)) throw new FileNotFoundException($"no such calibration file: {path}");
            var r = SafetensorsReader.Open(path);
            var e = tensor is not null
                ? (r.Tensors.TryGetValue(tensor, out var x) ? x : throw new ArgumentException($"no tensor '{tensor}' in calibration file {name}"))
                : r.Tensors.Values.Where(v => v.Shape.Length == 2).ToList() is [var only] ? only
                : throw new ArgumentException($"calibration file {name} does not hold exactly one 2-D tensor; choose one with --calib-tensor");
            if (e.Shape.Length != 2 || e.Shape[1] != k)
                throw new ArgumentException($"calibration tensor '{e.Name}' in {name} has shape [{string.Join(",", e.Shape)}], expected [T,{k}] (tokens × the weights' {k} input columns)");
            if (e.Shape[0] == 0) throw new ArgumentException($"calibration tensor '{e.Name}' in {name} holds no tokens");
            if (SafetensorsReader.ElementSize(e.DType) == 0) throw new InvalidDataException($"calibration tensor '{e.Name}' in {name} has unsupported dtype {e.DType} (supported: F32, F16, BF16, I8)");
            files.Add((path, r, e));
        }
        return new CalibrationFiles(files, k);
    }

    /// <summary>
    /// Streams every file once in order. Returns the Hessian input (null when <paramref name="hessian"/> is false: the
    /// data is still read and checked) and the first <see cref="SampleTokens"/> tokens as feature-major X[K×s].
    /// </summary>
    public (CalibrationInput? Input, float[] Sample, int SampleCount) Accumulate(bool hessian, TextWriter? progress = null, int maxDegreeOfParallelism = -1)
    {
        var acc = hessian ? new HessianAccumulator(_k, maxDegreeOfParallelism) : null;
        int s = (int)Math.Min(SampleTokens, Tokens);
        var sample = new float[(long)_k * s];
        int batchTokens = Math.Max(1, (1 << 22) / _k); // ≈ 16 MiB of floats per batch
        var batch = new float[(long)batchTokens * _k];
        long seen = 0;
        foreach (var (path, reader, e) in _files)
        {
            long rows = e.Shape[0];
            for (long r0 = 0; r0 < rows; r0 += batchTokens)
            {
                int b = (int)Math.Min(batchTokens, rows - r0);
                var span = batch.AsSpan(0, b * _k);
                reader.ReadRows(e.Name, r0, span);
                RejectNonFinite(span, r0 * _k, _k, e.Name, Path.GetFileName(path));
                acc?.AddTokens(span);
                for (int t = 0; t < b && seen + t < s; t++)
                    for (int c = 0; c < _k; c++) sample[(long)c * s + seen + t] = span[t * _k + c];
                seen += b;
            }
            progress?.WriteLine($"calibration: {Path.GetFileName(path)}:{e.Name} {rows} tokens ({seen} of {Tokens})");
        }
        return (acc is null ? null : CalibrationInput.FromAccumulator(acc), sample, s);
    }

    /// <summary>Throws naming the tensor and the first NaN/Infinity as [row, column] of a [*, cols] tensor (flat index = offset + i).</summary>
    public static void RejectNonFinite(ReadOnlySpan<float> data, long offset, long cols, string tensor, string file)
    {
        long i = NonFinite.FirstIndex(data);
        if (i < 0) return;
        long flat = offset + i;
        throw new InvalidDataException($"tensor '{tensor}' in {file} holds {NonFinite.Describe(data[(int)i])} at [{flat / cols},{flat % cols}] (element {flat}); weights and activations must be finite");
    }
}
