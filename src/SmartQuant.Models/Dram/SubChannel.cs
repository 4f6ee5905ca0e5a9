namespace SmartQuant.Models.Dram;

/// <summary>
/// One DDR5 sub-channel (one rank): its banks, the inter-bank timing windows, refresh and its
/// request queue. Commands are issued by <see cref="FrFcfsScheduler"/>; this class only checks
/// and applies timing. Every window is stored as "earliest nCK the next command may issue".
/// </summary>
internal sealed class SubChannel
{
    private readonly Ddr5Timing _t;
    private readonly DramStats _stats;
    private readonly int _banksPerGroup;
    private readonly long[] _bgNextAct, _bgNextRead, _bgNextWrite;
    private long _nextAct, _nextRead, _nextWrite;   // cross-bank-group windows (tRRD_S, tCCD_S, turnarounds)
    private readonly long[] _fawRing = new long[4]; // issue times of the last four ACTs
    private int _fawIndex;
    private long _commandBusFree;
    private int _openBanks;

    public readonly int Index;
    public readonly Bank[] Banks;
    public readonly List<Transaction> Queue = new();   // acceptance order (oldest first)
    /// <summary>Writes and reads in <see cref="Queue"/> (not yet issued).</summary>
    public int QueuedWrites, QueuedReads;
    /// <summary>Write queue apart (<see cref="DramConfig.WriteQueueDepth"/> &gt; 0): while draining only writes are
    /// scheduled, otherwise only reads. Changes only when a request arrives or a CAS issues (<see cref="UpdateMode"/>),
    /// so the event skipping's <see cref="NextIssue"/> sees the same candidates as the scheduler.</summary>
    public bool Draining;
    private readonly bool _separateWrites;
    private readonly int _highWatermark, _lowWatermark;
    public long NextRefreshDue;
    public Action<DramCommandEvent>? Observer;
    /// <summary>Event skipping: no command can issue before this nCK unless a request arrives (then the model lowers
    /// it). Set to the end of the command slot when a command issues, else to <see cref="NextIssue"/>.</summary>
    public long Wake;
    /// <summary>nCK of the last command issued.</summary>
    public long LastIssue = -1;

    public SubChannel(int index, DramConfig config, DramStats stats)
    {
        Index = index;
        _t = config.Timing;
        _stats = stats;
        _banksPerGroup = config.BanksPerGroup;
        Banks = new Bank[config.BanksPerSubChannel];
        for (int i = 0; i < Banks.Length; i++) Banks[i] = new Bank();
        _bgNextAct = new long[config.BankGroups];
        _bgNextRead = new long[config.BankGroups];
        _bgNextWrite = new long[config.BankGroups];
        Array.Fill(_fawRing, long.MinValue / 2);
        NextRefreshDue = _t.tREFI;
        _separateWrites = config.WriteQueueDepth > 0;
        _highWatermark = config.WriteHighWatermark;
        _lowWatermark = config.WriteLowWatermark;
    }

    /// <summary>Whether the scheduler may issue commands for <paramref name="tx"/> now: with a shared queue every
    /// request, with a write queue apart the writes while draining and the reads otherwise.</summary>
    public bool Eligible(Transaction tx) => !_separateWrites || tx.IsWrite == Draining;

    /// <summary>Adds an accepted request to the queue.</summary>
    public void Enqueue(Transaction tx)
    {
        Queue.Add(tx);
        if (tx.IsWrite) QueuedWrites++; else QueuedReads++;
        UpdateMode();
    }

    /// <summary>Removes the request whose CAS issued.</summary>
    public void Dequeue(int index)
    {
        var tx = Queue[index];
        Queue.RemoveAt(index);
        if (tx.IsWrite) QueuedWrites--; else QueuedReads--;
        UpdateMode();
    }

    /// <summary>
    /// Write drain with hysteresis, as controllers with a write buffer do: start draining when the writes reach the
    /// high watermark or no read waits; stop when they fall to the low watermark while a read waits, or none is left.
    /// Reads are served first below the high watermark, and a write never waits forever (it drains when reads stop).
    /// </summary>
    private void UpdateMode()
    {
        if (!_separateWrites) return;
        if (Draining) Draining = QueuedWrites > 0 && !(QueuedWrites <= _lowWatermark && QueuedReads > 0);
        else Draining = QueuedWrites > 0 && (QueuedWrites >= _highWatermark || QueuedReads == 0);
    }

    public Ddr5Timing Timing => _t;
    public bool CommandBusFree(long t) => t >= _commandBusFree;
    public bool AnyBankOpen => _openBanks > 0;

    /// <summary>Background accounting for one nCK (IDD3N if any bank is open, else IDD2N).</summary>
    public void AccountBackground()
    {
        if (_openBanks > 0) _stats.ActiveCycles++;
        else _stats.PrechargedCycles++;
    }

    private int GroupOf(int flatBank) => flatBank / _banksPerGroup;

    // Each command is legal from one nCK on (all its windows are "not before" bounds); the Can* checks and the
    // event skipping's NextIssue both use these, so they cannot disagree.
    private long ActivateFrom(int flatBank) =>
        Math.Max(Math.Max(Banks[flatBank].NextActivate, _bgNextAct[GroupOf(flatBank)]), Math.Max(_nextAct, _fawRing[_fawIndex] + _t.tFAW));

    private long CasFrom(int flatBank, bool isWrite)
    {
        int g = GroupOf(flatBank);
        return Math.Max(Banks[flatBank].NextCas, isWrite ? Math.Max(_bgNextWrite[g], _nextWrite) : Math.Max(_bgNextRead[g], _nextRead));
    }

    public bool CanActivate(int flatBank, long t) => t >= ActivateFrom(flatBank);

    public bool CanPrecharge(int flatBank, long t) => t >= Banks[flatBank].NextPrecharge;

    public bool CanCas(int flatBank, bool isWrite, long t) => t >= CasFrom(flatBank, isWrite);

    /// <summary>
    /// The first nCK ≥ <paramref name="from"/> at which <see cref="StepRefresh"/> or <see cref="FrFcfsScheduler"/>
    /// could issue a command, assuming no command issues and no request arrives before it. Every rule is a lower bound
    /// that stays fixed until a command issues, so the earliest one over all candidates is exact: refresh (due time, or
    /// while due: the first precharge / the last bank's activate window), else per queued request its CAS, ACT, or PRE
    /// (a bank some queued request still hits is never precharged).
    /// </summary>
    public long NextIssue(long from)
    {
        long next;
        if (from >= NextRefreshDue)
        {
            next = long.MaxValue;
            long allIdle = long.MinValue;
            foreach (var b in Banks)
            {
                if (b.IsOpen) next = Math.Min(next, b.NextPrecharge);
                allIdle = Math.Max(allIdle, b.NextActivate);
            }
            if (_openBanks == 0) next = allIdle;
            return Math.Max(from, Math.Max(next, _commandBusFree));
        }
        next = NextRefreshDue;
        ulong banksWithHits = 0;
        foreach (var tx in Queue)
            if (Eligible(tx) && Banks[tx.FlatBank].OpenRow == tx.Where.Row) banksWithHits |= 1UL << tx.FlatBank;
        foreach (var tx in Queue)
        {
            if (!Eligible(tx)) continue;
            var bank = Banks[tx.FlatBank];
            long at;
            if (bank.OpenRow == tx.Where.Row) at = CasFrom(tx.FlatBank, tx.IsWrite);
            else if (!bank.IsOpen) at = ActivateFrom(tx.FlatBank);
            else if ((banksWithHits & (1UL << tx.FlatBank)) == 0) at = bank.NextPrecharge;
            else continue;   // waits for the hits on its bank to be served (their CAS is a candidate)
            next = Math.Min(next, at);
        }
        return Math.Max(from, Math.Max(next, _commandBusFree));
    }

    public void Activate(int flatBank, int row, long t, int id)
    {
        var b = Banks[flatBank];
        int g = GroupOf(flatBank);
        b.OpenRow = row;
        b.NextCas = t + _t.tRCD;
        b.NextPrecharge = Math.Max(b.NextPrecharge, t + _t.tRAS);
        b.NextActivate = t + _t.tRC;
        _bgNextAct[g] = t + _t.tRRD_L;
        _nextAct = t + _t.tRRD_S;
        _fawRing[_fawIndex] = t;
        _fawIndex = (_fawIndex + 1) & 3;
        _openBanks++;
        _stats.Activates++;
        Issued(t, DramCommandKind.Activate, flatBank, row, id);
    }

    public void Precharge(int flatBank, long t, int id)
    {
        var b = Banks[flatBank];
        int row = b.OpenRow;
        b.OpenRow = Bank.Closed;
        b.NextActivate = Math.Max(b.NextActivate, t + _t.tRP);
        _openBanks--;
        _stats.Precharges++;
        Issued(t, DramCommandKind.Precharge, flatBank, row, id);
    }

    /// <summary>Issues RD/WR for <paramref name="tx"/>; returns the nCK at which its data burst ends.</summary>
    public long Cas(Transaction tx, long t)
    {
        var b = Banks[tx.FlatBank];
        int g = GroupOf(tx.FlatBank);
        long done;
        if (tx.IsWrite)
        {
            b.NextPrecharge = Math.Max(b.NextPrecharge, t + _t.CWL + _t.BurstCycles + _t.tWR);
            _bgNextWrite[g] = Math.Max(_bgNextWrite[g], t + _t.tCCD_L_WR);
            _nextWrite = Math.Max(_nextWrite, t + _t.tCCD_S);
            _bgNextRead[g] = Math.Max(_bgNextRead[g], t + _t.tCCD_L_WTR);
            _nextRead = Math.Max(_nextRead, t + _t.tCCD_S_WTR);
            done = t + _t.CWL + _t.BurstCycles;
            _stats.WriteBursts++;
        }
        else
        {
            b.NextPrecharge = Math.Max(b.NextPrecharge, t + _t.tRTP);
            _bgNextRead[g] = Math.Max(_bgNextRead[g], t + _t.tCCD_L);
            _nextRead = Math.Max(_nextRead, t + _t.tCCD_S);
            _nextWrite = Math.Max(_nextWrite, t + _t.tRTW);
            done = t + _t.CL + _t.BurstCycles;
            _stats.ReadBursts++;
        }
        if (tx.NeededPrecharge) _stats.RowConflicts++;
        else if (tx.NeededActivate) _stats.RowMisses++;
        else _stats.RowHits++;
        Issued(t, tx.IsWrite ? DramCommandKind.Write : DramCommandKind.Read, tx.FlatBank, b.OpenRow, tx.Id);
        return done;
    }

    /// <summary>
    /// All-bank refresh once tREFI is due: no new ACT/CAS, precharge open banks as soon as each
    /// allows it, then REF when every bank may activate again; banks are then busy for tRFC.
    /// The due time advances by exactly tREFI (no drift). Returns true while refresh owns the bus.
    /// </summary>
    public bool StepRefresh(long t)
    {
        if (t < NextRefreshDue) return false;
        if (_openBanks > 0)
        {
            for (int i = 0; i < Banks.Length; i++)
                if (Banks[i].IsOpen && CanPrecharge(i, t)) { Precharge(i, t, -1); return true; }
            return true;
        }
        foreach (var b in Banks)
            if (t < b.NextActivate) return true;
        foreach (var b in Banks) b.NextActivate = t + _t.tRFC;
        NextRefreshDue += _t.tREFI;
        _stats.Refreshes++;
        Issued(t, DramCommandKind.Refresh, -1, -1, -1);
        return true;
    }

    private void Issued(long t, DramCommandKind kind, int flatBank, int row, int id)
    {
        _commandBusFree = t + _t.CommandCycles;
        LastIssue = t;
        Wake = _commandBusFree;
        Observer?.Invoke(new DramCommandEvent(t, Index, kind,
            flatBank < 0 ? -1 : GroupOf(flatBank), flatBank < 0 ? -1 : flatBank % _banksPerGroup, row, id));
    }
}
