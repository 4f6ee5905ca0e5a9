namespace SmartQuant.Quant.Recon;

/// <summary>
/// Executes a <see cref="ReconConfig"/> on integer payloads the way the RTL does: acc[c] rides lane c's fixed
/// path, res items move per the settings and the output slot rule, and a Merge adds the res value into the
/// switch's own acc. It never looks at pairs, so it checks the router (and later the RTL) end to end.
/// </summary>
public static class ReconSimulator
{
    /// <param name="acc">Per lane partial sum entering stage 0.</param>
    /// <param name="res">Per lane res item entering stage 0 (null = none).</param>
    /// <returns>Per output lane value.</returns>
    /// <exception cref="InvalidOperationException">A res item is dropped, overflows a wire, or reaches an output unmerged.</exception>
    public static long[] Run(ReconConfig config, ReadOnlySpan<long> acc, ReadOnlySpan<long?> res)
    {
        var t = config.Topology;
        int n = t.Lanes;
        if (acc.Length != n || res.Length != n) throw new ArgumentException($"expected {n} lanes");
        var outAcc = acc.ToArray();
        var slots = new long?[n, 2, 2];
        for (int c = 0; c < n; c++) slots[c, 0, 1] = res[c];
        for (int s = 0; s < t.StageCount; s++)
        {
            var next = new long?[n, 2, 2];
            for (int sw = 0; sw < n; sw++)
            {
                var setting = config[s, sw];
                int[] nextFree = [t.AccOutPort(s, sw) == Port.Left ? 1 : 0, t.AccOutPort(s, sw) == Port.Right ? 1 : 0];
                for (int p = 0; p < 2; p++)
                    for (int slot = 0; slot < 2; slot++)
                    {
                        if (slots[sw, p, slot] is not long v) continue;
                        var action = setting.On((Port)p, slot);
                        if (action == ResAction.None) throw new InvalidOperationException($"res item dropped at stage {s} switch {sw} {(Port)p} slot {slot}");
                        if (action == ResAction.Merge) { outAcc[sw] += v; continue; }
                        if (s == t.Log2Lanes) throw new InvalidOperationException($"res item reaches output stage unmerged at switch {sw}");
                        var outPort = action == ResAction.ToLeft ? Port.Left : Port.Right;
                        int o = nextFree[(int)outPort]++;
                        if (o > 1) throw new InvalidOperationException($"wire overflow leaving stage {s} switch {sw} port {outPort}");
                        var (ns, np) = t.Next(s, sw, outPort);
                        next[ns, (int)np, o] = v;
                    }
            }
            slots = next;
        }
        return outAcc;
    }
}
