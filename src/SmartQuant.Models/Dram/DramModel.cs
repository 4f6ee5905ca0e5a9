namespace SmartQuant.Models.Dram;

/// <summary>
/// Cycle-stepped DDR5 timing/energy model with functional storage, shared by the controller's C#
/// golden model and the RTL test bench. Time advances only through <see cref="Clock"/>, one
/// controller cycle (= <see cref="DramConfig.ClockRatio"/> nCK) per call; nothing else (no wall
/// clock, no randomness) influences it, so identical request/stall sequences give identical
/// response sequences.
///
/// Port contract for controller cycle c (= <see cref="Cycle"/>):
/// <list type="bullet">
/// <item><see cref="RequestReady"/> and <see cref="Response"/> describe cycle c and depend only on
///   state before c (like registered outputs); read them, drive the DUT, then call
///   <see cref="Clock"/> with the request offered in c (or null) and the consumer's ready in c.</item>
/// <item>Request handshake: offered and <see cref="RequestReady"/> ⇒ accepted in c; the scheduler may
///   issue its first DRAM command at nCK c·ClockRatio.</item>
/// <item>Response handshake: <see cref="Response"/> non-null and responseReady ⇒ consumed in c;
///   otherwise the same response stays presented in c+1 (held until accepted).</item>
/// <item>A response becomes valid in the first cycle c' with c'·ClockRatio ≥ end of its data burst;
///   at most one response per cycle, in burst-end order (ties: acceptance order).</item>
/// <item>Reads answer with 64 bytes; writes are acknowledged by a response with IsWrite = true and no
///   data once the write burst has been transferred.</item>
/// </list>
/// Functional semantics are program order at the port: a write updates the store when accepted, a
/// read returns the store's content at its acceptance, regardless of how the scheduler reorders.
/// </summary>
public sealed class DramModel
{
    private readonly SubChannel[] _subChannels;
    private readonly Dictionary<ulong, byte[]> _store = new();
    private readonly Dictionary<ulong, byte> _meta = new();   // per burst: metadata bits (absent = 0)
    private readonly PriorityQueue<Transaction, (long Done, long Seq)> _completions = new();
    private long _seq;
    private int _outstanding, _outstandingWrites;
    private DramResponse? _presented;
    private Action<DramCommandEvent>? _observer;
    private readonly bool _everyClock;

    /// <param name="config">The DRAM configuration (default: <see cref="DramConfig.Default"/>).</param>
    /// <param name="everyClock">Reference path for tests: run refresh and the scheduler on every free nCK instead of
    /// skipping to the next nCK at which a command can issue. Both give identical commands, responses and counters.</param>
    public DramModel(DramConfig? config = null, bool everyClock = false)
    {
        _everyClock = everyClock;
        Config = config ?? DramConfig.Default;
        Config.Validate();
        Map = new AddressMap(Config);
        Energy = new DramEnergy(Config.Power, Config.Timing);
        _subChannels = new SubChannel[Config.SubChannels];
        for (int i = 0; i < _subChannels.Length; i++) _subChannels[i] = new SubChannel(i, Config, Stats);
    }

    public DramConfig Config { get; }
    public AddressMap Map { get; }
    public DramEnergy Energy { get; }
    public DramStats Stats { get; } = new();

    /// <summary>Current controller cycle (number of <see cref="Clock"/> calls so far).</summary>
    public long Cycle { get; private set; }

    /// <summary>DRAM time (nCK) at the start of the current controller cycle.</summary>
    public long NowNck => Cycle * Config.ClockRatio;

    /// <summary>Requests accepted whose response has not been consumed yet.</summary>
    public int Outstanding => _outstanding;

    /// <summary>Writes accepted whose acknowledgement has not been consumed yet.</summary>
    public int OutstandingWrites => _outstandingWrites;

    /// <summary>Request-port ready for the current cycle: the shared queue not full, or with a write queue apart
    /// neither queue full (ready cannot depend on the offered request: it is a registered output).</summary>
    public bool RequestReady => Config.WriteQueueDepth == 0
        ? _outstanding < Config.QueueDepth
        : _outstanding - _outstandingWrites < Config.QueueDepth && _outstandingWrites < Config.WriteQueueDepth;

    /// <summary>Response presented in the current cycle (null = not valid).</summary>
    public DramResponse? Response => _presented;

    /// <summary>Receives every DRAM command issued (tests, traces). Optional.</summary>
    public Action<DramCommandEvent>? CommandObserver
    {
        get => _observer;
        set { _observer = value; foreach (var sc in _subChannels) sc.Observer = value; }
    }

    /// <summary>Energy so far (all counters of <see cref="Stats"/> × per-event energies).</summary>
    public DramEnergyReport EnergyReport() => Energy.Report(Stats);

    /// <summary>
    /// Ends the current controller cycle: performs both handshakes for the cycle, runs the DRAM for
    /// ClockRatio nCK, and moves to the next cycle. Returns true when <paramref name="request"/> was accepted.
    /// </summary>
    public bool Clock(DramRequest? request, bool responseReady)
    {
        bool ready = RequestReady;   // as seen during this cycle, before this cycle's response frees a slot

        if (_presented is not null)
        {
            if (responseReady)
            {
                if (_presented.IsWrite) _outstandingWrites--;
                _presented = null;
                _outstanding--;
                Stats.ResponsesDelivered++;
            }
            else Stats.ResponseStallCycles++;
        }

        bool accepted = false;
        if (request is { } r)
        {
            if (ready) { Accept(r); accepted = true; }
            else Stats.RequestsRefused++;
        }

        long t0 = NowNck;
        for (long t = t0; t < t0 + Config.ClockRatio; t++)
        {
            foreach (var sc in _subChannels)
            {
                sc.AccountBackground();
                if (!_everyClock && t < sc.Wake) continue;   // nothing can issue yet: skip the queue scans
                if (!sc.CommandBusFree(t)) continue;
                if (!sc.StepRefresh(t) && FrFcfsScheduler.Step(sc, t) is { } done) _completions.Enqueue(done, (done.DoneNck, done.Seq));
                if (!_everyClock && sc.LastIssue != t) sc.Wake = sc.NextIssue(t + 1);
            }
        }

        Cycle++;
        if (_presented is null && _completions.TryPeek(out var head, out var key) && key.Done <= NowNck)
        {
            _completions.Dequeue();
            _presented = new DramResponse(head.Id, head.IsWrite, head.Data, head.Address, head.AcceptCycle, Cycle, head.Meta);
        }
        return accepted;
    }

    private void Accept(in DramRequest r)
    {
        var where = Map.Decode(r.Address);
        byte[] data;
        if (r.IsWrite)
        {
            if (r.Data.Length != DramConfig.LineBytes)
                throw new ArgumentException($"Write request {r.Id} carries {r.Data.Length} bytes; a burst is exactly 64.");
            _store[r.Address] = r.Data.ToArray();
            if (r.Meta != 0) _meta[r.Address] = r.Meta; else _meta.Remove(r.Address);
            data = [];
        }
        else
        {
            data = _store.TryGetValue(r.Address, out var line) ? (byte[])line.Clone() : new byte[DramConfig.LineBytes];
        }
        var meta = !r.IsWrite && _meta.TryGetValue(r.Address, out var m) ? m : (byte)0;
        var tx = new Transaction
        {
            Meta = meta,
            Id = r.Id, IsWrite = r.IsWrite, Address = r.Address, Where = where,
            FlatBank = where.FlatBank(Config.BanksPerGroup), Seq = _seq++, AcceptCycle = Cycle, Data = data,
        };
        var sc = _subChannels[where.SubChannel];
        sc.Enqueue(tx);
        sc.Wake = Math.Min(sc.Wake, NowNck);   // it may issue its first command in this cycle (or change the mode)
        _outstanding++;
        if (r.IsWrite) _outstandingWrites++;
        Stats.RequestsAccepted++;
    }

    /// <summary>Backdoor store write (no timing, no counters), e.g. to preload weights. Length must be a multiple of 64.</summary>
    public void Preload(ulong address, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % DramConfig.LineBytes != 0)
            throw new ArgumentException($"Preload length {bytes.Length} is not a multiple of 64 bytes.", nameof(bytes));
        for (int off = 0; off < bytes.Length; off += DramConfig.LineBytes)
        {
            ulong a = address + (ulong)off;
            Map.Decode(a);   // validates alignment and range
            _store[a] = bytes.Slice(off, DramConfig.LineBytes).ToArray();
            _meta.Remove(a);
        }
    }

    /// <summary>Backdoor store read of one 64-byte line (zeros if never written).</summary>
    public byte[] Peek(ulong address)
    {
        Map.Decode(address);
        return _store.TryGetValue(address, out var line) ? (byte[])line.Clone() : new byte[DramConfig.LineBytes];
    }

    /// <summary>True when no request is inside the model (queues, DRAM and response port empty).</summary>
    public bool Idle => _outstanding == 0;
}
