using System.Runtime.Intrinsics;

namespace SmartQuant.Experiments.Bench;

/// <summary>
/// The machine's double-precision FMA peak, measured now: every core runs independent chains of fused multiply-adds
/// (12 accumulators, enough to hide the FMA latency) on the widest vectors the hardware accelerates (the Hessian kernel
/// uses the same width). Benchmarks divide their achieved FLOP rate by this, measured in the same run, so the ratio
/// holds on any machine; on a shared machine, alternate the two and keep the best of each.
/// </summary>
public static class FmaPeak
{
    private const long Iterations = 20_000_000;

    /// <summary>Peak GFLOP/s (one FMA = 2 FLOP) over <paramref name="threads"/> threads, and the vector width used.</summary>
    public static (double Gflops, int Lanes) Measure(int threads)
    {
        int lanes = Vector512.IsHardwareAccelerated ? 8 : 4;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var sink = new double[threads];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, i => sink[i] = lanes == 8 ? Chains512(Iterations) : Chains256(Iterations));
        double s = sw.Elapsed.TotalSeconds;
        if (sink.Any(double.IsNaN)) throw new InvalidOperationException("FMA peak loop produced NaN");
        return (Flops(threads, lanes) / s / 1e9, lanes);
    }

    /// <summary>FLOP of one <see cref="Measure"/> run.</summary>
    public static double Flops(int threads, int lanes) => threads * (double)Iterations * 12 * lanes * 2;

    private static double Chains512(long n)
    {
        var m = Vector512.Create(0.999999);
        var a = Vector512.Create(1e-9);
        Vector512<double> c0 = Vector512.Create(1.0), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (long i = 0; i < n; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, m, a); c1 = Vector512.FusedMultiplyAdd(c1, m, a); c2 = Vector512.FusedMultiplyAdd(c2, m, a);
            c3 = Vector512.FusedMultiplyAdd(c3, m, a); c4 = Vector512.FusedMultiplyAdd(c4, m, a); c5 = Vector512.FusedMultiplyAdd(c5, m, a);
            c6 = Vector512.FusedMultiplyAdd(c6, m, a); c7 = Vector512.FusedMultiplyAdd(c7, m, a); c8 = Vector512.FusedMultiplyAdd(c8, m, a);
            c9 = Vector512.FusedMultiplyAdd(c9, m, a); c10 = Vector512.FusedMultiplyAdd(c10, m, a); c11 = Vector512.FusedMultiplyAdd(c11, m, a);
        }
        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    private static double Chains256(long n)
    {
        var m = Vector256.Create(0.999999);
        var a = Vector256.Create(1e-9);
        Vector256<double> c0 = Vector256.Create(1.0), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (long i = 0; i < n; i++)
        {
            c0 = Vector256.FusedMultiplyAdd(c0, m, a); c1 = Vector256.FusedMultiplyAdd(c1, m, a); c2 = Vector256.FusedMultiplyAdd(c2, m, a);
            c3 = Vector256.FusedMultiplyAdd(c3, m, a); c4 = Vector256.FusedMultiplyAdd(c4, m, a); c5 = Vector256.FusedMultiplyAdd(c5, m, a);
            c6 = Vector256.FusedMultiplyAdd(c6, m, a); c7 = Vector256.FusedMultiplyAdd(c7, m, a); c8 = Vector256.FusedMultiplyAdd(c8, m, a);
            c9 = Vector256.FusedMultiplyAdd(c9, m, a); c10 = Vector256.FusedMultiplyAdd(c10, m, a); c11 = Vector256.FusedMultiplyAdd(c11, m, a);
        }
        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }
}
