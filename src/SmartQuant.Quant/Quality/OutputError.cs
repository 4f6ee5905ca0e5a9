namespace SmartQuant.Quant.Quality;

/// <summary>Relative output error ‖(W − Ŵ)·X‖_F / ‖W·X‖_F of a layer on activations X[K×T].</summary>
public static class OutputError
{
    public static double Relative(ReadOnlySpan<float> w, ReadOnlySpan<float> wq, int n, int k, ReadOnlySpan<float> x, int t)
    {
        var (num, den) = Energies(w, wq, n, k, x, t);
        return den == 0 ? 0 : Math.Sqrt(num / den);
    }

    /// <summary>(‖(W − Ŵ)·X‖²_F, ‖W·X‖²_F) on activations X[K×T].</summary>
    public static (double Error, double Output) Energies(ReadOnlySpan<float> w, ReadOnlySpan<float> wq, int n, int k, ReadOnlySpan<float> x, int t)
    {
        var wa = w.ToArray(); var qa = wq.ToArray(); var xa = x.ToArray();
        double num = 0, den = 0;
        object gate = new();
        Parallel.For(0, n, () => (0.0, 0.0, new double[t], new double[t]), (r, _, acc) =>
        {
            var (sn, sd, y, e) = acc;
            Array.Clear(y); Array.Clear(e);
            for (int c = 0; c < k; c++)
            {
                double wv = wa[(long)r * k + c], dv = wv - qa[(long)r * k + c];
                var xr = xa.AsSpan(c * t, t);
                for (int j = 0; j < t; j++) { y[j] += wv * xr[j]; e[j] += dv * xr[j]; }
            }
            for (int j = 0; j < t; j++) { sn += e[j] * e[j]; sd += y[j] * y[j]; }
            return (sn, sd, y, e);
        }, acc => { lock (gate) { num += acc.Item1; den += acc.Item2; } });
        return (num, den);
    }
}
