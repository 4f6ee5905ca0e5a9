using SmartQuant.Hw.MicroScopiQ;

namespace SmartQuant.Models.MicroScopiQ;

/// <summary>
/// Analytical cycle count of a layer on the array, derived from the golden model's timing contract
/// (docs/microscopiq-hw.md) and the host policy of the co-simulation stimulus without stalls: tile i loads Rows
/// cycles into bank i &amp; 1 once every token of tile i − 2 was delivered (seen the cycle after), streams once
/// loaded, one token per cycle; a token accepted in cycle a is delivered in cycle a + Latency. With one ReCoN per
/// row there is no arbitration, so outliers do not change the count. Checked against cycle-by-cycle golden runs.
/// </summary>
public static class MicroScopiQSchedule
{
    /// <summary>Tiles of an N (outputs) × K (inputs) layer for bb (2: 2·Cols lanes, 4: Cols lanes).</summary>
    public static long Tiles(MicroScopiQConfig cfg, int n, int k, int bb) =>
        (long)((k + cfg.Rows - 1) / cfg.Rows) * ((n + MicroScopiQTiling.TileLanes(cfg, bb == 2) - 1) / MicroScopiQTiling.TileLanes(cfg, bb == 2));

    /// <summary>Cycles from the first load until the last token of the last tile is delivered (inclusive).</summary>
    public static long Cycles(MicroScopiQConfig cfg, long tiles, int tokensPerTile) =>
        Cycles(cfg.Rows, 1 + cfg.PipelineLatency, tiles, tokensPerTile);

    /// <summary>The same double-buffered host policy for any array that loads one row per cycle into two banks and
    /// delivers a token <paramref name="latency"/> cycles after acceptance (the MX-INT and OliVe-style descriptors use it).</summary>
    public static long Cycles(long rows, long latency, long tiles, int tokensPerTile)
    {
        long r = rows, m = tokensPerTile, lat = latency;
        long load = 0, prevLoad = 0, s = 0, sPrev = 0, sPrev2 = 0;
        for (long i = 0; i < tiles; i++)
        {
            load = i == 0 ? 0 : Math.Max(prevLoad + r, i >= 2 ? sPrev2 + m + lat : 0);
            s = Math.Max(i == 0 ? 0 : sPrev + m, load + r);
            prevLoad = load; sPrev2 = sPrev; sPrev = s;
        }
        return s + m - 1 + lat + 1;
    }

    /// <summary>PE utilization = ideal cycles (one token per cycle per tile, nothing else) / actual cycles.</summary>
    public static double Utilization(MicroScopiQConfig cfg, long tiles, int tokensPerTile) =>
        (double)(tiles * tokensPerTile) / Cycles(cfg, tiles, tokensPerTile);
}
