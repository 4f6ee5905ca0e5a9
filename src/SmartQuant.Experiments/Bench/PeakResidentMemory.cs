namespace SmartQuant.Experiments.Bench;

/// <summary>
/// Peak resident set of this process since the last <see cref="Reset"/>, from Linux's VmHWM (reset by writing 5 to
/// /proc/self/clear_refs), so a benchmark reports its own peak and not that of the benchmarks run before it in the
/// same process. Elsewhere it falls back to the process-lifetime peak working set (an upper bound).
/// </summary>
public static class PeakResidentMemory
{
    /// <summary>True when the peak was reset (the reading covers only what followed).</summary>
    public static bool Reset()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); return true; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>Peak resident bytes (VmHWM) or the process's peak working set.</summary>
    public static long Bytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        catch (IOException) { }
        return System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64;
    }
}
