using System.Collections.Concurrent;
using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw;
using SmartQuant.Hw.Common;
using SmartQuant.Hw.MacArray;
using SmartQuant.Hw.MicroScopiQ;
using SmartQuant.Models.Energy;
using SmartQuant.Models.MacArray;

namespace SmartQuant.Sim.Energy;

/// <summary>
/// The energy model's events for the INT8 mac-array (docs/energy-model.md §3), read from its counter file: a layer's
/// weight tiles go through the golden model of the mac-array with <see cref="MacArrayConfig.Counters"/> (the model the
/// RTL and its counters are co-simulated against) — per tile Rows load cycles, then the tokens skewed by row and the
/// drain — and the counters (cycles, load cycles, stream steps, MACs) are read after the last tile. Weights and
/// activations are random; activations are never zero inside the layer (a zero is what the MAC counter skips: the
/// padding rows of a partial K-tile), so the MACs are every real (token, weight) product. Token-tiles and partial-sum
/// read-backs are host-side (the array has no buffers) and come from the tiling. Runs are kept per (array, layer
/// shape, tokens): the encoder's layers repeat three shapes.
/// </summary>
public sealed class GoldenMacArrayCounters(int seed = 1, TextWriter? log = null) : IMacArrayCounterSource
{
    private readonly ConcurrentDictionary<(int, int, int, int, int), ScheduleEvents> _runs = new();

    public ScheduleEvents Count(MacArrayDesign design, LayerShape layer, int tokens) =>
        _runs.GetOrAdd((design.Rows, design.Cols, layer.Out, layer.In, tokens), _ =>
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var e = Run(design, layer, tokens, seed, checkResults: false);
            log?.WriteLine($"  golden counters: {design} {layer.Out}×{layer.In}, {tokens} tokens per tile: {e.Cycles:N0} cycles ({sw.Elapsed.TotalSeconds:0.0} s)");
            return e;
        });

    /// <summary>
    /// One layer on the golden model; with <paramref name="checkResults"/> every output is also compared with the exact
    /// product (throws on a difference). The events are the counter file's, read through the counter ports.
    /// </summary>
    public static ScheduleEvents Run(MacArrayDesign d, LayerShape layer, int tokens, int seed, bool checkResults)
    {
        var cfg = new MacArrayConfig(rows: d.Rows, cols: d.Cols, counters: true);
        var map = DesignCatalog.Find("mac-array").BoundPortMap(cfg);
        var ports = PortBindings.MacArray(map);
        var model = new MacArrayGolden(cfg, ports);
        model.Reset();
        var (inp, outp) = (map.NewInputs(), map.NewOutputs());
        var rng = new Random(seed);
        int n = layer.Out, k = layer.In, r = d.Rows, c = d.Cols;
        var w = new sbyte[n, k];
        for (int i = 0; i < n; i++) for (int j = 0; j < k; j++) w[i, j] = (sbyte)rng.Next(-127, 128);
        var x = new sbyte[tokens, k];
        for (int t = 0; t < tokens; t++) for (int j = 0; j < k; j++) x[t, j] = (sbyte)(rng.Next(1, 128) * (rng.Next(2) == 0 ? 1 : -1));
        var y = checkResults ? new long[tokens, n] : null;
        long tokenTiles = 0, psumReads = 0;
        inp[ports.Enable] = 1;
        for (int k0 = 0; k0 < k; k0 += r)
            for (int n0 = 0; n0 < n; n0 += c)
            {
                // Loads shift down the columns: the last value loaded stays in row 0. Activations are zero meanwhile.
                inp[ports.LoadWeight] = 1;
                for (int row = 0; row < r; row++) inp.SetSigned(ports.ActIn[row], 0);
                for (int row = r - 1; row >= 0; row--)
                {
                    for (int col = 0; col < c; col++)
                        inp.SetSigned(ports.WeightIn[col], k0 + row < k && n0 + col < n ? w[n0 + col, k0 + row] : 0);
                    model.Tick(inp);
                }
                inp[ports.LoadWeight] = 0;
                int steps = tokens + r + c - 2;
                for (int s = 0; s < steps; s++)
                {
                    for (int row = 0; row < r; row++)
                    {
                        int t = s - row;
                        inp.SetSigned(ports.ActIn[row], t >= 0 && t < tokens && k0 + row < k ? x[t, k0 + row] : 0);
                    }
                    model.Tick(inp);
                    if (y is null) continue;
                    model.Evaluate(inp, outp);
                    // Token t leaves column col after stream step t + Rows − 1 + col.
                    for (int col = 0; col < c && n0 + col < n; col++)
                    {
                        int t = s - (r - 1) - col;
                        if (t >= 0 && t < tokens) y[t, n0 + col] += outp.GetSigned(ports.PsumOut[col]);
                    }
                }
                tokenTiles += tokens;
                if (k0 > 0) psumReads += tokens;
            }
        if (y is not null)
            for (int t = 0; t < tokens; t++)
                for (int i = 0; i < n; i++)
                {
                    long exact = 0;
                    for (int j = 0; j < k; j++) exact += (long)w[i, j] * x[t, j];
                    if (y[t, i] != exact) throw new InvalidOperationException($"mac-array golden: token {t} output {i} = {y[t, i]}, expected {exact}");
                }
        model.Evaluate(inp, outp);
        var events = ArrayCounters.MacArray.ToList();
        long Counter(CounterEvent e) => (long)outp[ports.Counters[events.IndexOf(e)]];
        return new ScheduleEvents(Counter(ArrayCounters.Cycles), Counter(ArrayCounters.LoadCycles), tokenTiles, psumReads,
            Counter(ArrayCounters.StreamSteps), Counter(ArrayCounters.Macs8), 0);
    }
}
