using SmartQuant.Hdl.Simulation;
using SmartQuant.Hw.MicroScopiQ;
using SmartQuant.Quant.Recon;

namespace SmartQuant.Models.MicroScopiQ;

/// <summary>
/// Cycle-exact behavioural model of design "microscopiq", written from docs/microscopiq-hw.md (not from the IR).
/// A token accepted in (enabled) cycle t reaches the array bottom in enabled cycle t + 1 + ArrayLatency and enters the
/// two-entry output buffer at the end of that cycle (out_valid from the next cycle); the pipeline freezes while the
/// buffer is full. Outputs are computed with the exact arithmetic of
/// docs/spec/recon.md; outlier rows go through the quantization core's ReCoN router and simulator
/// (<see cref="ReconRouter"/>, <see cref="ReconSimulator"/>), so the routing model is shared, not re-implemented.
/// Contract: a bank must not be rewritten while tokens that use it are in flight (the model reads a token's weights
/// at acceptance); twoBitMode changes only while idle.
/// Shared ReCoN (cfg.SharedRecon): a row whose tap holds a token of a bank with outlier µBs in that row requests one of
/// G units; grants go round-robin; while any request is left ungranted the pipeline is frozen (granted rows stay
/// served until it advances). Results depend only on the token, so only the timing and the counters change.
/// </summary>
public sealed class MicroScopiQModel : ICycleModel
{
    private readonly MicroScopiQConfig _cfg;
    private readonly PortMap _map;
    // State: per (bank, row) weights (as lane multipliers, below), shift, present mask, records.
    private readonly int[,] _shift;           // [bank, row]
    private readonly ulong[,] _present;       // [bank, row]
    private readonly uint[,,] _records;       // [bank, row, slot]
    // Tokens in the array with the enabled-cycle count at their acceptance: a token's age is 1 + _enabledCycles − At, so
    // a cycle ages every token by counting once instead of re-queuing each of them.
    private readonly Queue<(long[] Lanes, int Bank, long At)> _inflight = new();
    private long _enabledCycles;
    // Per [bank, row]: the row's outlier pairs and where ReCoN merges each res item, decoded from its records once per
    // write (a tile's rows serve every token of the tile); null until a token needs it, cleared when the row is rewritten.
    private readonly RowPlan?[,] _plans;
    // Plans by row content: a layer's tiles repeat, so the same rows come back and are routed once.
    private readonly RowPlanCache _planCache;
    // Per [bank, row, mode, lane], decoded from the row's weights when it is written: the lane's signed weight
    // (product = multiplier × shifted activation) and its sign bit (the Upper lane's ±x' uses it even where the
    // magnitude is 0). Index LaneIndex(bank, row, twoBitMode).
    private readonly long[] _mul;
    private readonly bool[] _neg;
    // Result arrays of delivered tokens, reused for later tokens (a token allocates nothing in steady state).
    private readonly Stack<long[]> _freeResults = new();
    private readonly int[] _x;
    private readonly long[] _p, _accIn, _res;
    private readonly CounterKind[] _kinds;
    private readonly Queue<(long[] Lanes, int Bank)> _outBuffer = new();   // the RTL's OutputBuffer: at most 2
    private readonly IReadOnlyList<CounterEvent> _events;
    private readonly long[] _counters;
    private readonly bool[] _served;
    private readonly int[] _pointers;   // shared ReCoN: one round-robin pointer per arbitration group (row index in the group)
    private readonly bool[] _granted, _waiting; // Arbitrate's per-cycle scratch, reused so a co-sim cycle allocates nothing
    private readonly int[] _last;
    private readonly PortSlot _twoBitMode, _wValid, _wRow, _wBank, _wWeights, _wShift, _wPresent, _wRecords;
    private readonly PortSlot _actValid, _actBank, _outReady, _wReady, _actReady, _outValid, _outBank;
    private readonly PortSlot[] _actData, _outData, _ctr;

    /// <summary>Cycles from acceptance to out_valid without stalls.</summary>
    public long Latency => 1 + (long)_cfg.PipelineLatency;
    /// <summary>Age (enabled cycles since acceptance, counting it) of a token at the array bottom.</summary>
    private long BottomAge => 1 + (long)_cfg.ArrayLatency;
    public IReadOnlyList<long> Counters => _counters;

    /// <summary>The ports this model reads and writes (bound to the elaborated top's signals).</summary>
    public MicroScopiQPorts Ports { get; }

    public MicroScopiQModel(MicroScopiQConfig cfg, MicroScopiQPorts ports)
    {
        _cfg = cfg; _map = ports.Map; Ports = ports;
        _events = MicroScopiQCounters.For(cfg);
        _counters = new long[_events.Count];
        _served = new bool[cfg.Rows];
        _pointers = new int[cfg.ReconGroupCount];
        _granted = new bool[cfg.Rows];
        _waiting = new bool[cfg.Rows];
        _last = new int[cfg.ReconGroupCount];
        _mul = new long[2 * cfg.Rows * 2 * cfg.Lanes];
        _neg = new bool[_mul.Length];
        _planCache = new RowPlanCache(cfg);
        _shift = new int[2, cfg.Rows];
        _present = new ulong[2, cfg.Rows];
        _records = new uint[2, cfg.Rows, cfg.MicroSlots];
        _plans = new RowPlan?[2, cfg.Rows];
        _x = new int[cfg.Rows];
        (_p, _accIn, _res) = (new long[cfg.Lanes], new long[cfg.Lanes], new long[cfg.Lanes]);
        _kinds = [.. _events.Select(Kind)];
        (_twoBitMode, _wValid, _wRow, _wBank) = (ports.TwoBitMode, ports.WValid, ports.WRow, ports.WBank);
        (_wWeights, _wShift, _wPresent, _wRecords) = (ports.WWeights, ports.WShift, ports.WPresent, ports.WRecords);
        (_actValid, _actBank, _outReady) = (ports.ActValid, ports.ActBank, ports.OutReady);
        (_wReady, _actReady, _outValid, _outBank) = (ports.WReady, ports.ActReady, ports.OutValid, ports.OutBank);
        (_actData, _outData, _ctr) = (ports.ActData, ports.OutData, ports.Counters);
        if (_actData.Length != cfg.Rows || _outData.Length != cfg.Lanes || _ctr.Length != _events.Count)
            throw new ArgumentException($"the ports are bound to another microscopiq configuration than {cfg}");
    }

    public void Reset()
    {
        _inflight.Clear();
        _enabledCycles = 0;
        _outBuffer.Clear();
        Array.Clear(_plans);
        Array.Clear(_counters);
        Array.Clear(_served);
        Array.Clear(_pointers);
        // Weight and metadata registers of the RTL reset to zero as well.
        Array.Clear(_mul); Array.Clear(_neg); Array.Clear(_shift); Array.Clear(_present); Array.Clear(_records);
    }

    private long Age(long at) => 1 + _enabledCycles - at;
    private bool AtBottom => _inflight.Count > 0 && Age(_inflight.Peek().At) == BottomAge;
    private bool BufferFull => _outBuffer.Count == 2;

    public void Evaluate(PortValues inputs, PortValues outputs)
    {
        bool served = Arbitrate(inputs[_twoBitMode] != 0).AllServed;
        bool en = !BufferFull && served;
        bool valid = _outBuffer.Count > 0;
        outputs[_wReady] = 1;
        outputs[_actReady] = en ? 1UL : 0;
        outputs[_outValid] = valid ? 1UL : 0;
        var head = valid ? _outBuffer.Peek() : default;
        outputs[_outBank] = valid ? (ulong)head.Bank : 0;
        for (int j = 0; j < _cfg.Lanes; j++) outputs.SetSigned(_outData[j], valid ? head.Lanes[j] : 0);
        const ulong mask = (1UL << MicroScopiQConfig.CounterWidth) - 1;
        for (int i = 0; i < _ctr.Length; i++) outputs[_ctr[i]] = (ulong)_counters[i] & mask;
    }

    public void Tick(PortValues inputs)
    {
        bool twoBitMode = inputs[_twoBitMode] != 0;
        var arb = Arbitrate(twoBitMode);
        bool outStall = BufferFull;
        bool en = !outStall && arb.AllServed;
        bool deliver = _outBuffer.Count > 0 && inputs[_outReady] != 0;
        bool accept = en && inputs[_actValid] != 0;
        int bank = (int)inputs[_actBank];

        // Counters (same event list as the RTL counter file).
        for (int i = 0; i < _counters.Length; i++)
            _counters[i] += _kinds[i] switch
            {
                CounterKind.Cycles => 1,
                CounterKind.Busy => _inflight.Count + _outBuffer.Count > 0 ? 1 : 0,
                CounterKind.Macs => accept ? (long)_cfg.Rows * (twoBitMode ? _cfg.Lanes : _cfg.Cols) : 0,
                CounterKind.Recon => accept ? RowsWithOutliers(bank, twoBitMode) : 0,
                CounterKind.Conflicts => arb.Lost,
                CounterKind.Stalls => outStall ? 1 : 0,
                _ => !arb.AllServed && !outStall ? 1 : 0, // ReconStalls
            };

        if (_cfg.SharedRecon)
        {
            for (int r = 0; r < _cfg.Rows; r++) _served[r] = !en && (_served[r] || arb.Granted[r]);
            for (int g = 0; g < _pointers.Length; g++)
                if (arb.Last[g] >= 0) _pointers[g] = (arb.Last[g] + 1) % _cfg.RowsPerReconGroup;
        }

        if (deliver) _freeResults.Push(_outBuffer.Dequeue().Lanes);
        if (en)
        {
            // A frozen bottom is not taken (it would be taken twice); an advancing one enters the buffer.
            if (AtBottom) { var done = _inflight.Dequeue(); _outBuffer.Enqueue((done.Lanes, done.Bank)); }
            _enabledCycles++; // every token in flight ages by one
            if (accept)
            {
                for (int r = 0; r < _cfg.Rows; r++) _x[r] = (int)inputs.GetSigned(_actData[r]);
                _inflight.Enqueue((Compute(_x, bank, twoBitMode), bank, _enabledCycles));
            }
        }

        if (inputs[_wValid] != 0)
        {
            int row = (int)inputs[_wRow];
            if (row < _cfg.Rows)
            {
                int b = (int)inputs[_wBank];
                var wbits = inputs.GetWide(_wWeights);
                for (int c = 0; c < _cfg.Cols; c++) DecodeWeight(b, row, c, (int)(wbits[c / 16] >> (4 * (c % 16))) & 15);
                _shift[b, row] = (int)inputs[_wShift];
                _present[b, row] = inputs[_wPresent];
                var rec = inputs.GetWide(_wRecords);
                for (int s = 0; s < _cfg.MicroSlots; s++) _records[b, row, s] = (uint)(rec[s / 2] >> (32 * (s % 2)));
                _plans[b, row] = null;
            }
        }
    }

    private int Slots4 => _cfg.Cols / 8;

    /// <summary>
    /// This cycle's shared-ReCoN arbitration: rows whose tap token (valid, its bank has outlier µBs in the row) is not
    /// yet served request; in each arbitration group (all rows with all G units, or with row groups Rows/G rows and one
    /// unit) the first units-many in cyclic order from the group's pointer are granted. Row r's tap (PE ReconTap, or
    /// its entry register when −1) holds the token of age 2 + r + ReconTap. Last = per group, the last granted row's
    /// index in the group (−1: none).
    /// </summary>
    private (bool AllServed, int Lost, bool[] Granted, int[] Last) Arbitrate(bool twoBitMode)
    {
        var granted = _granted;
        if (!_cfg.SharedRecon) return (true, 0, granted, _last);
        int groups = _cfg.ReconGroupCount, span = _cfg.RowsPerReconGroup, units = _cfg.ReconUnits / groups;
        var last = _last;
        Array.Fill(last, -1);
        var waiting = _waiting;
        Array.Clear(granted);
        Array.Clear(waiting);
        foreach (var t in _inflight)
        {
            long r = Age(t.At) - 2 - _cfg.ReconTap;
            if (r >= 0 && r < _cfg.Rows && !_served[r] && RowHasOutliers(t.Bank, (int)r, twoBitMode)) waiting[r] = true;
        }
        int lost = 0;
        for (int g = 0; g < groups; g++)
        {
            int grants = 0;
            for (int i = 0; i < span; i++)
            {
                int local = (_pointers[g] + i) % span, r = g * span + local;
                if (!waiting[r]) continue;
                if (grants < units) { granted[r] = true; grants++; last[g] = local; }
                else lost++;
            }
        }
        // Conflicts count each waiting request once: in the first cycle at this position, before anything was served.
        return (lost == 0, _served.Any(s => s) ? 0 : lost, granted, last);
    }

    private int RowsWithOutliers(int bank, bool twoBitMode)
    {
        int n = 0;
        for (int r = 0; r < _cfg.Rows; r++) if (RowHasOutliers(bank, r, twoBitMode)) n++;
        return n;
    }

    private bool RowHasOutliers(int bank, int row, bool twoBitMode)
    {
        ulong usable = twoBitMode ? (_cfg.MicroSlots >= 64 ? ulong.MaxValue : (1UL << _cfg.MicroSlots) - 1) : (1UL << Slots4) - 1;
        return (_present[bank, row] & usable) != 0;
    }

    /// <summary>The outlier pairs of one row as (Upper lane, Lower lane, ΔO), decoded from its µB records.</summary>
    public static List<(int Upper, int Lower, int DeltaO)> RowPairs(MicroScopiQConfig cfg, ulong present, IReadOnlyList<uint> records, bool twoBitMode)
    {
        var list = new List<(int, int, int)>();
        int slots = twoBitMode ? cfg.MicroSlots : cfg.Cols / 8;
        for (int b = 0; b < slots; b++)
        {
            if (((present >> b) & 1) == 0) continue;
            uint rec = records[b];
            int d = (int)(rec >> 24) & ((1 << cfg.DeltaOWidth) - 1);
            for (int e = 0; e < 4; e++)
            {
                int u = (int)(rec >> (6 * e + 3)) & 7, l = (int)(rec >> (6 * e)) & 7;
                if (u == l) continue;
                list.Add(twoBitMode ? (8 * b + u, 8 * b + l, d) : (16 * b + 2 * u, 16 * b + 2 * l, d));
            }
        }
        return list;
    }

    private int LaneIndex(int bank, int row, bool twoBitMode) => ((bank * _cfg.Rows + row) * 2 + (twoBitMode ? 1 : 0)) * _cfg.Lanes;

    /// <summary>
    /// Column <paramref name="c"/>'s 4-bit weight of a row as its two lanes' multipliers in both modes. bb = 2: each
    /// nibble half {sign, magnitude bit} is one lane (bits 1:0 lane 2c, bits 3:2 lane 2c + 1). bb = 4: sign bit 3 and
    /// magnitude bits 2:0 are lane 2c; lane 2c + 1 carries nothing.
    /// </summary>
    private void DecodeWeight(int bank, int row, int c, int w)
    {
        int m2 = LaneIndex(bank, row, true) + 2 * c, m4 = LaneIndex(bank, row, false) + 2 * c;
        (_neg[m2], _mul[m2]) = ((w & 2) != 0, ((w & 2) != 0 ? -1 : 1) * (w & 1));
        (_neg[m2 + 1], _mul[m2 + 1]) = ((w & 8) != 0, ((w & 8) != 0 ? -1 : 1) * ((w >> 2) & 1));
        (_neg[m4], _mul[m4]) = ((w & 8) != 0, ((w & 8) != 0 ? -1 : 1) * (w & 7));
        (_neg[m4 + 1], _mul[m4 + 1]) = (false, 0);
    }

    /// <summary>Exact lane results of one token (wrapped to the accumulator width).</summary>
    private long[] Compute(int[] x, int bank, bool twoBitMode)
    {
        int n = _cfg.Lanes, h = twoBitMode ? 1 : 2;
        long[] acc;
        if (_freeResults.Count > 0) { acc = _freeResults.Pop(); Array.Clear(acc); }
        else acc = new long[n];
        var (p, accIn, res) = (_p, _accIn, _res);
        for (int r = 0; r < _cfg.Rows; r++)
        {
            long xs = (long)x[r] << _shift[bank, r];
            int lanes = LaneIndex(bank, r, twoBitMode);
            var mul = _mul.AsSpan(lanes, n);
            if (!RowHasOutliers(bank, r, twoBitMode))
            {
                for (int j = 0; j < n; j++) acc[j] += mul[j] * xs;
                continue;
            }
            var sign = _neg.AsSpan(lanes, n);
            for (int j = 0; j < n; j++) p[j] = mul[j] * xs;
            var plan = Plan(bank, r, twoBitMode);
            acc.CopyTo(accIn, 0);
            for (int j = 0; j < n; j++) if (plan.Role[j] == 0) accIn[j] += p[j];
            foreach (var (u, l, d) in plan.Pairs)
            {
                // T = ((±x') << 2h) + (p_U << h) + p_L, shifted by ΔO − 2h; split exactly into the Upper part
                // (kept in the Upper lane's acc) and the Lower part (the res item the router carries).
                long upperT = ((sign[u] ? -xs : xs) << (2 * h)) + (p[u] << h);
                accIn[u] += ExactShift(upperT, d - 2 * h);
                res[l] = ExactShift(p[l], d - 2 * h);
            }
            // What ReconSimulator does with this row's routing: each lane keeps its acc, each res item is added where it merges.
            accIn.CopyTo(acc, 0);
            foreach (var (u, l, _) in plan.Pairs) acc[plan.MergeLane[l]] += res[l];
        }
        int aw = _cfg.AccumulatorWidth;
        for (int j = 0; j < n; j++) acc[j] = (acc[j] << (64 - aw)) >> (64 - aw);
        return acc;
    }

    /// <summary>The row's <see cref="RowPlan"/> for this mode, kept until the row is rewritten (and by content in
    /// <see cref="RowPlanCache"/>, as a layer's tiles come back).</summary>
    private RowPlan Plan(int bank, int row, bool twoBitMode)
    {
        if (_plans[bank, row] is { } cached && cached.TwoBitMode == twoBitMode) return cached;
        Span<uint> recs = stackalloc uint[_cfg.MicroSlots];
        for (int s = 0; s < recs.Length; s++) recs[s] = _records[bank, row, s];
        return _plans[bank, row] = _planCache.Get(_present[bank, row], recs, twoBitMode, row);
    }

    // Read-only views for MicroScopiQLineTrace; they change nothing.
    internal MicroScopiQConfig Config => _cfg;
    internal IEnumerable<(int Bank, long Age)> TokensInFlight => _inflight.Select(t => (t.Bank, Age(t.At)));
    /// <summary>Results waiting in the two-entry output buffer (past the array, not yet delivered).</summary>
    internal int BufferedOutputs => _outBuffer.Count;
    internal bool RowNeedsRecon(int bank, int row, bool twoBitMode) => RowHasOutliers(bank, row, twoBitMode);
    /// <summary>This cycle's shared-ReCoN grants and requests (after <see cref="Evaluate"/>; all false with one unit per row).</summary>
    internal ReadOnlySpan<bool> Granted => _granted;
    internal ReadOnlySpan<bool> Waiting => _waiting;

    /// <summary>The counter file's events, resolved once so a cycle's counting is a switch on a small enum.</summary>
    private enum CounterKind { Cycles, Busy, Macs, Recon, Conflicts, Stalls, ReconStalls }

    private static CounterKind Kind(CounterEvent e) =>
        e == MicroScopiQCounters.Cycles ? CounterKind.Cycles
        : e == MicroScopiQCounters.Busy ? CounterKind.Busy
        : e == MicroScopiQCounters.Macs ? CounterKind.Macs
        : e == MicroScopiQCounters.Recon ? CounterKind.Recon
        : e == MicroScopiQCounters.Conflicts ? CounterKind.Conflicts
        : e == MicroScopiQCounters.Stalls ? CounterKind.Stalls
        : e == MicroScopiQCounters.ReconStalls ? CounterKind.ReconStalls
        : throw new InvalidOperationException($"no model of counter '{e.Name}'");

    private static long ExactShift(long v, int s)
    {
        if (s >= 0) return v << s;
        if ((v & ((1L << -s) - 1)) != 0) throw new InvalidOperationException($"merge shift by {s} of {v} is not exact: the row pre-shift is too small (need sh_r ≥ 2h − ΔO)");
        return v >> -s;
    }
}
