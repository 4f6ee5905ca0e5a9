namespace SmartQuant.RealModel.Context;

/// <summary>
/// A low-rank linear probe that guesses a block's head and neuron importance from the block's input before its
/// weights are fetched (in the spirit of contextual sparsity, e.g. Deja Vu's per-layer predictors): the passage-mean
/// input x (hidden wide) is projected onto its top-<see cref="Rank"/> principal directions of the calibration
/// passages, z = Pᵀ(x − μ), and a ridge regression [z, 1]·B gives one score per unit. Heads are predicted from the
/// attention input, neurons from the FFN input (the attention's output, known before the FFN's weights are needed).
/// Trained on calibration passages only; its own parameters (<see cref="Parameters"/>) are read from the store at
/// 8 bits per passage, and the serving cost charges them.
/// </summary>
public sealed class ImportancePredictor
{
    public int Rank { get; }
    private readonly Probe[] _heads, _neurons;

    private ImportancePredictor(int rank, Probe[] heads, Probe[] neurons) { Rank = rank; _heads = heads; _neurons = neurons; }

    /// <summary>Weights the probes hold per block: P (hidden × r) and B ((r + 1) × units) for heads and for neurons.</summary>
    public IReadOnlyList<int> Parameters => [.. _heads.Zip(_neurons, (h, n) => h.Parameters + n.Parameters)];

    public static ImportancePredictor Train(IReadOnlyList<PassageImportance> calibration, int rank = 16, ulong seed = 1, double ridge = 1e-3)
    {
        if (calibration.Count <= rank) throw new ArgumentException($"the predictor of rank {rank} needs more than {rank} calibration passages, got {calibration.Count}");
        int blocks = calibration[0].Heads.Length;
        var heads = new Probe[blocks];
        var neurons = new Probe[blocks];
        for (int b = 0; b < blocks; b++)
        {
            heads[b] = Probe.Fit([.. calibration.Select(p => p.AttnInput[b])], [.. calibration.Select(p => p.Heads[b])], rank, seed + (ulong)(2 * b), ridge);
            neurons[b] = Probe.Fit([.. calibration.Select(p => p.FfnInput[b])], [.. calibration.Select(p => p.Neurons[b])], rank, seed + (ulong)(2 * b + 1), ridge);
        }
        return new ImportancePredictor(rank, heads, neurons);
    }

    /// <summary>Predicted head scores [block][head] and neuron scores [block][neuron] for a passage (from its block inputs only).</summary>
    public (double[][] Heads, double[][] Neurons) Predict(PassageImportance p) =>
        ([.. _heads.Select((pr, b) => pr.Apply(p.AttnInput[b]))], [.. _neurons.Select((pr, b) => pr.Apply(p.FfnInput[b]))]);

    private sealed class Probe(double[] mean, double[][] directions, double[][] coefficients)
    {
        public int Parameters => mean.Length * directions.Length + coefficients.Length * coefficients[0].Length;

        public double[] Apply(double[] x)
        {
            var z = Features(x, mean, directions);
            int units = coefficients[0].Length;
            var y = new double[units];
            for (int j = 0; j < z.Length; j++)
                for (int u = 0; u < units; u++) y[u] += z[j] * coefficients[j][u];
            return y;
        }

        /// <summary>[Pᵀ(x − μ), 1].</summary>
        private static double[] Features(double[] x, double[] mu, double[][] dirs)
        {
            var z = new double[dirs.Length + 1];
            for (int r = 0; r < dirs.Length; r++)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++) s += dirs[r][i] * (x[i] - mu[i]);
                z[r] = s;
            }
            z[^1] = 1;
            return z;
        }

        public static Probe Fit(double[][] xs, double[][] ys, int rank, ulong seed, double ridge)
        {
            int n = xs.Length, d = xs[0].Length, units = ys[0].Length;
            var mu = new double[d];
            foreach (var x in xs) for (int i = 0; i < d; i++) mu[i] += x[i] / n;
            var cov = new double[d * d];
            foreach (var x in xs)
                for (int i = 0; i < d; i++)
                {
                    double xi = x[i] - mu[i];
                    for (int j = 0; j < d; j++) cov[i * d + j] += xi * (x[j] - mu[j]);
                }
            var dirs = TopDirections(cov, d, rank, seed);
            var z = xs.Select(x => Features(x, mu, dirs)).ToArray();
            int f = rank + 1;
            // Ridge: (ZᵀZ + λ·tr(ZᵀZ)/f·I) B = ZᵀY, solved by Gaussian elimination with partial pivoting (f is small).
            var a = new double[f, f + units];
            foreach (var (zi, yi) in z.Zip(ys))
                for (int r = 0; r < f; r++)
                {
                    for (int c = 0; c < f; c++) a[r, c] += zi[r] * zi[c];
                    for (int u = 0; u < units; u++) a[r, f + u] += zi[r] * yi[u];
                }
            double trace = 0;
            for (int r = 0; r < f; r++) trace += a[r, r];
            for (int r = 0; r < f; r++) a[r, r] += ridge * trace / f;
            Solve(a, f, units);
            var coef = new double[f][];
            for (int r = 0; r < f; r++) { coef[r] = new double[units]; for (int u = 0; u < units; u++) coef[r][u] = a[r, f + u]; }
            return new Probe(mu, dirs, coef);
        }

        /// <summary>Top-<paramref name="rank"/> eigenvectors of a symmetric d×d matrix by subspace iteration with Gram–Schmidt, seeded start.</summary>
        private static double[][] TopDirections(double[] c, int d, int rank, ulong seed)
        {
            var rng = new Random((int)(seed % int.MaxValue));
            var q = Enumerable.Range(0, rank).Select(_ => Enumerable.Range(0, d).Select(_ => rng.NextDouble() - 0.5).ToArray()).ToArray();
            Orthonormalize(q);
            for (int it = 0; it < 60; it++)
            {
                var next = new double[rank][];
                for (int r = 0; r < rank; r++)
                {
                    var v = new double[d];
                    for (int i = 0; i < d; i++)
                    {
                        double s = 0;
                        for (int j = 0; j < d; j++) s += c[i * d + j] * q[r][j];
                        v[i] = s;
                    }
                    next[r] = v;
                }
                Orthonormalize(next);
                q = next;
            }
            return q;
        }

        private static void Orthonormalize(double[][] v)
        {
            for (int r = 0; r < v.Length; r++)
            {
                for (int p = 0; p < r; p++)
                {
                    double dot = 0;
                    for (int i = 0; i < v[r].Length; i++) dot += v[r][i] * v[p][i];
                    for (int i = 0; i < v[r].Length; i++) v[r][i] -= dot * v[p][i];
                }
                double norm = Math.Sqrt(v[r].Sum(x => x * x));
                for (int i = 0; i < v[r].Length; i++) v[r][i] = norm > 1e-300 ? v[r][i] / norm : 0;
            }
        }

        private static void Solve(double[,] a, int f, int units)
        {
            int cols = f + units;
            for (int c = 0; c < f; c++)
            {
                int piv = c;
                for (int r = c + 1; r < f; r++) if (Math.Abs(a[r, c]) > Math.Abs(a[piv, c])) piv = r;
                if (piv != c) for (int k = 0; k < cols; k++) (a[c, k], a[piv, k]) = (a[piv, k], a[c, k]);
                double p = a[c, c];
                if (p == 0) throw new InvalidOperationException("singular ridge system");
                for (int k = c; k < cols; k++) a[c, k] /= p;
                for (int r = 0; r < f; r++)
                {
                    if (r == c || a[r, c] == 0) continue;
                    double m = a[r, c];
                    for (int k = c; k < cols; k++) a[r, k] -= m * a[c, k];
                }
            }
        }
    }
}
