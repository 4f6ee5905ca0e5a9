using System.Diagnostics;

namespace SmartQuant.Quant.Numerics;

/// <summary>
/// One distinct layer input of a model (e.g. the tensor Q, K and V all read, or the one FFN gate and up both read):
/// its GPTQ Hessian, built once from the calibration tokens, and the damped inverse-Cholesky factor GPTQ needs, built
/// once per (act-order, damping) setting and then shared by every layer that reads this input. Quantizing each of those
/// layers with the same <see cref="CalibrationInput"/> gives bit-identical results to building the Hessian and factor
/// separately for each, at the cost of one Hessian and one factorization. Memory: K² doubles (H) plus K² floats per
/// cached factor; drop the object when the last layer reading the input is done. Thread-safe.
/// </summary>
public sealed class CalibrationInput
{
    private readonly double[] _h;
    private readonly Dictionary<(bool ActOrder, double PercDamp), GptqFactor> _factors = new();
    private readonly Lock _lock = new();

    private CalibrationInput(double[] h, int k, long tokens, double seconds)
    {
        _h = h; Features = k; Tokens = tokens; HessianSeconds = seconds;
    }

    /// <summary>K, the input's features.</summary>
    public int Features { get; }

    /// <summary>Calibration tokens T the Hessian was built from.</summary>
    public long Tokens { get; }

    /// <summary>Wall-clock seconds spent building the Hessian (0 when it came from a finished accumulator).</summary>
    public double HessianSeconds { get; }

    /// <summary>Factorizations computed so far (one per distinct act-order/damping setting that was asked for).</summary>
    public int FactorizationCount { get { lock (_lock) return _factors.Count; } }

    /// <summary>H[i, j] (for inspection and tests).</summary>
    public double this[int i, int j] => _h[(long)i * Features + j];

    /// <summary>The Hessian of a finished stream of token batches; consumes <paramref name="accumulator"/>.</summary>
    public static CalibrationInput FromAccumulator(HessianAccumulator accumulator)
    {
        long t = accumulator.Tokens;
        var sw = Stopwatch.StartNew();
        var h = accumulator.ToHessian();
        return new CalibrationInput(h, accumulator.Features, t, sw.Elapsed.TotalSeconds);
    }

    /// <summary>The Hessian of feature-major activations X[K×T] (the layout of <c>MicroScopiQQuantizer.Quantize(w, n, k, o, X, T)</c>).</summary>
    public static CalibrationInput FromActivations(ReadOnlySpan<float> x, int k, int t, int maxDegreeOfParallelism = -1)
    {
        var sw = Stopwatch.StartNew();
        var h = Hessian.FromActivations(x, k, t, maxDegreeOfParallelism);
        return new CalibrationInput(h, k, t, sw.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The factor for one setting, computed on first use and cached. Act-order visits columns in decreasing diag(H),
    /// ties → lower index; U is upper with UᵀU = (P(H + λI)Pᵀ)⁻¹, λ = percDamp·mean diag (<see cref="Hessian.InverseUpperCholesky"/>).
    /// <paramref name="computedNow"/> tells whether this call did the work (for timings).
    /// </summary>
    internal GptqFactor Factor(bool actOrder, double percDamp, int maxDegreeOfParallelism, out bool computedNow)
    {
        lock (_lock)
        {
            computedNow = false;
            if (_factors.TryGetValue((actOrder, percDamp), out var f)) return f;
            int k = Features;
            var sw = Stopwatch.StartNew();
            var order = new int[k];
            for (int c = 0; c < k; c++) order[c] = c;
            var h = _h;
            if (actOrder)
            {
                var diag = new double[k];
                for (int c = 0; c < k; c++) diag[c] = _h[(long)c * k + c];
                order = Enumerable.Range(0, k).OrderByDescending(c => diag[c]).ThenBy(c => c).ToArray();
                h = Hessian.Permute(_h, k, order);
            }
            var u = Hessian.InverseUpperCholesky(h, k, percDamp, out var dead, maxDegreeOfParallelism);
            f = new GptqFactor(order, u, dead, sw.Elapsed.TotalSeconds);
            _factors[(actOrder, percDamp)] = f;
            computedNow = true;
            return f;
        }
    }
}

/// <param name="Order">Visiting order: position p quantizes column Order[p].</param>
/// <param name="U">Upper inverse-Cholesky factor (K×K float, row-major) in visiting order.</param>
/// <param name="Dead">Inputs (in visiting order) whose H diagonal was zero; their weights are zeroed.</param>
/// <param name="Seconds">Wall-clock seconds of the permutation and factorization.</param>
internal sealed record GptqFactor(int[] Order, float[] U, bool[] Dead, double Seconds);
