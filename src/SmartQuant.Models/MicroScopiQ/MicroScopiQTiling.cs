using System.Numerics;
using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.MicroScopiQ;
using SmartQuant.Quant.MicroScopiQ;

namespace SmartQuant.Models.MicroScopiQ;

/// <summary>One PE row of a weight tile, as written through the load port.</summary>
public sealed record RowLoad(BigInteger Weights, int Shift, ulong Present, BigInteger Records);

/// <summary>A weight tile: rows = input features k0…, lanes = output channels n0…; results are in units 2^XAcc.</summary>
public sealed record WeightTile(int K0, int N0, bool TwoBitMode, int XAcc, RowLoad[] Rows);

/// <summary>
/// Maps a <see cref="QuantizedTensor"/> (N output channels × K input features, the packed format's content) onto the
/// array: PE row r = input feature k0 + r, lane j = output channel n0 + j (bb = 2: PE c holds channels 2c, 2c+1;
/// bb = 4: PE c holds channel c on lane 2c). Per-row pre-shift sh_r = X_r − X_acc with X_acc = min_r X_r − 2h
/// (docs/spec/recon.md, "Exact merge arithmetic").
/// </summary>
public static class MicroScopiQTiling
{
    public static int TileLanes(MicroScopiQConfig cfg, bool twoBitMode) => twoBitMode ? cfg.Lanes : cfg.Cols;

    public static WeightTile Plan(MicroScopiQConfig cfg, QuantizedTensor q, int k0, int n0)
    {
        bool twoBitMode = q.Layout.Bits == 2;
        if (!twoBitMode && q.Layout.Bits != 4) throw new ArgumentException("bb must be 2 or 4");
        int lanes = TileLanes(cfg, twoBitMode), h = q.Layout.HalfBits, mb = q.Layout.MacroBlock;
        if (n0 % lanes != 0 || n0 / mb != (n0 + lanes - 1) / mb) throw new ArgumentException("a tile's lanes must lie in one macro-block");
        int rows = Math.Min(cfg.Rows, q.Cols - k0);
        var x = InlierTile.RowExponents(q, k0, n0, rows);
        int xacc = x.Min() - 2 * h;
        var loads = new RowLoad[cfg.Rows];
        for (int r = 0; r < cfg.Rows; r++)
        {
            if (r >= rows) { loads[r] = new RowLoad(0, 0, 0, 0); continue; }
            int k = k0 + r, sh = x[r] - xacc;
            if (sh > cfg.MaxShift) throw new ArgumentException($"row {r}: pre-shift {sh} exceeds {cfg.MaxShift}; split the tile");
            var w = InlierTile.RowWords(q, k, n0, cfg.Cols, twoBitMode);
            ulong present = 0; BigInteger recs = 0;
            int slots = lanes / q.Layout.MicroBlock;
            for (int b = 0; b < slots; b++)
            {
                int mi = k * q.MicroBlocksPerCol + n0 / q.Layout.MicroBlock + b;
                if (q.PairCount[mi] == 0) continue;
                if (q.DeltaO[mi] >= 1 << cfg.DeltaOWidth) throw new ArgumentException($"ΔO {q.DeltaO[mi]} exceeds the {cfg.DeltaOWidth}-bit merge shifter");
                present |= 1UL << b;
                uint rec = (uint)q.DeltaO[mi] << 24;
                for (int e = 0; e < q.PairCount[mi]; e++) rec |= (uint)q.Pairs[mi * 4 + e] << (6 * e);
                recs |= (BigInteger)rec << (32 * b);
            }
            loads[r] = new RowLoad(w, sh, present, recs);
        }
        return new WeightTile(k0, n0, twoBitMode, xacc, loads);
    }

    /// <summary>The exact result of a tile for activations x (units 2^XAcc), from the quantizer's dequantized weights.</summary>
    public static long[] Expected(MicroScopiQConfig cfg, QuantizedTensor q, WeightTile t, ReadOnlySpan<int> x) =>
        InlierTile.Expected(q, t.K0, t.N0, t.TwoBitMode, t.XAcc, cfg.Rows, TileLanes(cfg, t.TwoBitMode), cfg.Lanes, cfg.AccumulatorWidth, x);
}

/// <summary>
/// Drives a design with the microscopiq port map (golden model, or the RTL through the same interface): loads tiles
/// into alternating banks, streams tokens back to back, collects outputs. Optional random stalls on every handshake.
/// </summary>
public sealed class MicroScopiQDriver(MicroScopiQConfig cfg, MicroScopiQPorts ports, ICycleModel dut, int seed = 1, double stall = 0)
{
    private readonly Random _rng = new(seed);
    public long Cycles { get; private set; }
    public PortValues In { get; } = ports.Map.NewInputs();
    public PortValues Out { get; } = ports.Map.NewOutputs();

    private void Step()
    {
        dut.Evaluate(In, Out);
        dut.Tick(In);
        Cycles++;
    }

    public void Load(WeightTile t, int bank)
    {
        for (int r = 0; r < cfg.Rows; r++)
        {
            while (stall > 0 && _rng.NextDouble() < stall) { In[ports.WValid] = 0; Step(); }
            var row = t.Rows[r];
            In[ports.WValid] = 1; In[ports.WRow] = (ulong)r; In[ports.WBank] = (ulong)bank;
            SetBig(ports.WWeights, row.Weights); In[ports.WShift] = (ulong)row.Shift;
            In[ports.WPresent] = row.Present; SetBig(ports.WRecords, row.Records);
            Step();
        }
        In[ports.WValid] = 0;
    }

    private void SetBig(PortSlot p, BigInteger v)
    {
        var words = new ulong[p.Words];
        for (int i = 0; i < p.Words; i++) words[i] = (ulong)((v >> (64 * i)) & ulong.MaxValue);
        In.SetWide(p, words);
    }

    /// <summary>Streams <paramref name="tokens"/> (activation vectors, one per row) with bank <paramref name="bank"/>; returns the outputs in order.</summary>
    public List<long[]> Stream(IReadOnlyList<int[]> tokens, int bank, bool twoBitMode)
    {
        In[ports.TwoBitMode] = twoBitMode ? 1UL : 0;
        var results = new List<long[]>();
        int next = 0;
        long guard = 0;
        while (results.Count < tokens.Count)
        {
            bool offer = next < tokens.Count && !(stall > 0 && _rng.NextDouble() < stall);
            In[ports.ActValid] = offer ? 1UL : 0;
            In[ports.ActBank] = (ulong)bank;
            for (int r = 0; r < cfg.Rows; r++) In.SetSigned(ports.ActData[r], offer ? tokens[next][r] : 0);
            In[ports.OutReady] = stall > 0 && _rng.NextDouble() < stall ? 0UL : 1;
            dut.Evaluate(In, Out);
            if (offer && Out[ports.ActReady] != 0) next++;
            if (Out[ports.OutValid] != 0 && In[ports.OutReady] != 0)
                results.Add([.. Enumerable.Range(0, cfg.Lanes).Select(j => Out.GetSigned(ports.OutData[j]))]);
            dut.Tick(In);
            Cycles++;
            if (++guard > 100_000 + 50L * tokens.Count * (cfg.PipelineLatency + 1)) throw new TimeoutException("no progress");
        }
        In[ports.ActValid] = 0;
        return results;
    }

    public ulong Counter(CounterEvent e)
    {
        var i = MicroScopiQCounters.For(cfg).ToList().IndexOf(e);
        if (i < 0) throw new ArgumentException($"{cfg} has no counter '{e.Name}'");
        dut.Evaluate(In, Out);
        return Out[ports.Counters[i]];
    }
}
