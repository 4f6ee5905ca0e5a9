namespace SmartQuant.Quant.Numerics;

/// <summary>
/// Streams calibration activations into GPTQ's Hessian H = (2/T)·Σ_t x_t·x_tᵀ without holding them: tokens arrive in
/// batches of any size (token-major [b×K] as a model run or a safetensors file yields them, or feature-major slices),
/// are packed into a fixed buffer of double panels, and every full buffer is added to S = Σ x_t·x_tᵀ by
/// <see cref="SyrkKernel"/>. Memory: S (K² doubles) plus the buffer (K × <see cref="BufferTokens"/> doubles),
/// independent of T; all indices are 64-bit.
/// <para>
/// S[i, j] is the left-to-right double sum of x_t[i]·x_t[j] in token order (each product of two floats is exact in
/// double), so H is bit-identical for any batch split, buffer size, thread count or vector width;
/// <see cref="ToHessian"/> then scales by the double 2/T and mirrors the upper triangle.
/// </para>
/// </summary>
public sealed class HessianAccumulator
{
    private readonly int _k, _groups, _capacity, _maxDop;
    private readonly long _stride;
    private double[]? _s;
    private readonly double[] _panel;
    private int _fill;
    private readonly SyrkKernel.Path _path;

    /// <param name="features">K, the layer's input features.</param>
    /// <param name="maxDegreeOfParallelism">Threads of the rank-b update (−1 = all cores); the result does not depend on it.</param>
    /// <param name="bufferTokens">Tokens packed before each update (a multiple of nothing; the result does not depend on it).</param>
    public HessianAccumulator(int features, int maxDegreeOfParallelism = -1, int bufferTokens = 256)
        : this(features, maxDegreeOfParallelism, bufferTokens, SyrkKernel.Path.Auto) { }

    internal HessianAccumulator(int features, int maxDegreeOfParallelism, int bufferTokens, SyrkKernel.Path path)
    {
        if (features <= 0) throw new ArgumentOutOfRangeException(nameof(features), features, "the Hessian needs at least one feature");
        if ((long)features * features > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(features), features, $"a {features}×{features} Hessian exceeds the largest .NET array");
        if (bufferTokens <= 0) throw new ArgumentOutOfRangeException(nameof(bufferTokens), bufferTokens, "the token buffer must hold at least one token");
        _k = features;
        _maxDop = maxDegreeOfParallelism;
        _capacity = bufferTokens;
        _path = path;
        int g = (features + SyrkKernel.Group - 1) / SyrkKernel.Group;
        _groups = (g + SyrkKernel.TileGroups - 1) / SyrkKernel.TileGroups * SyrkKernel.TileGroups; // whole column tiles
        _stride = (long)SyrkKernel.Group * bufferTokens;
        _panel = new double[_groups * _stride]; // padding lanes and groups stay zero forever
        _s = new double[(long)features * features];
    }

    /// <summary>K.</summary>
    public int Features => _k;

    /// <summary>Tokens added so far.</summary>
    public long Tokens { get; private set; }

    /// <summary>Tokens packed per rank-b update.</summary>
    public int BufferTokens => _capacity;

    /// <summary>Adds b = batch.Length / K tokens stored token-major: token t's features at batch[t·K … t·K + K − 1].</summary>
    public void AddTokens(ReadOnlySpan<float> batch)
    {
        Live();
        if (batch.Length % _k != 0) throw new ArgumentException($"a token-major batch of {batch.Length} values is not a whole number of {_k}-feature tokens");
        long b = batch.Length / _k;
        for (long t = 0; t < b; t++)
        {
            var x = batch.Slice((int)(t * _k), _k);
            long slot = (long)_fill * SyrkKernel.Group;
            for (int c = 0; c < _k; c++) _panel[(c >> 3) * _stride + slot + (c & 7)] = x[c];
            Advance(1);
        }
    }

    /// <summary>Adds tokens [t0, t0 + count) of feature-major activations X[K×T] (feature c's T values contiguous).</summary>
    public void AddFeatureMajor(ReadOnlySpan<float> x, long totalTokens, long t0, long count)
    {
        Live();
        if (x.Length != _k * totalTokens) throw new ArgumentException($"activations hold {x.Length} values, expected {_k}×{totalTokens}");
        if (t0 < 0 || count < 0 || t0 + count > totalTokens) throw new ArgumentOutOfRangeException(nameof(count), $"tokens [{t0}, {t0 + count}) outside [0, {totalTokens})");
        while (count > 0)
        {
            int take = (int)Math.Min(count, _capacity - _fill);
            for (int c = 0; c < _k; c++)
            {
                var src = x.Slice((int)(c * totalTokens + t0), take);
                long dst = (c >> 3) * _stride + (long)_fill * SyrkKernel.Group + (c & 7);
                for (int t = 0; t < take; t++) _panel[dst + (long)t * SyrkKernel.Group] = src[t];
            }
            t0 += take; count -= take;
            Advance(take);
        }
    }

    /// <summary>Adds all T tokens of feature-major X[K×T].</summary>
    public void AddFeatureMajor(ReadOnlySpan<float> x, long tokens) => AddFeatureMajor(x, tokens, 0, tokens);

    private void Live()
    {
        if (_s is null) throw new InvalidOperationException("the Hessian was already taken (ToHessian consumes the accumulator)");
    }

    private void Advance(int tokens)
    {
        _fill += tokens;
        Tokens += tokens;
        if (_fill == _capacity) Flush();
    }

    private void Flush()
    {
        SyrkKernel.Update(_s!, _k, _panel, _groups, _stride, _fill, _maxDop, _path);
        _fill = 0;
    }

    /// <summary>
    /// H = (2/T)·S (K×K row-major, symmetric: the upper triangle scaled and mirrored), built in place in S's memory; the
    /// accumulator is consumed (no copy of K² doubles is made).
    /// </summary>
    public double[] ToHessian()
    {
        var s = _s ?? throw new InvalidOperationException("the Hessian was already taken (ToHessian consumes the accumulator)");
        if (Tokens == 0) throw new InvalidOperationException("no calibration tokens were added");
        if (_fill > 0) Flush();
        _s = null;
        double scale = 2.0 / Tokens;
        int k = _k;
        Parallel.For(0, k, new ParallelOptions { MaxDegreeOfParallelism = _maxDop }, i =>
        {
            long ri = (long)i * k;
            for (int j = i; j < k; j++) s[ri + j] *= scale;
        });
        // Mirror after scaling (row i's lower part reads column i of rows above it, all already scaled).
        Parallel.For(0, k, new ParallelOptions { MaxDegreeOfParallelism = _maxDop }, i =>
        {
            long ri = (long)i * k;
            for (int j = 0; j < i; j++) s[ri + j] = s[(long)j * k + i];
        });
        return s;
    }
}
