namespace SmartQuant.Models.Dram;

/// <summary>
/// First-Ready FCFS with an open-page policy, one decision per sub-channel per free command slot:
/// 1. the oldest request whose row is open and whose RD/WR timing is met (row hit) issues its CAS;
/// 2. otherwise requests are scanned oldest first and the first one whose next row command
///    (ACT to a closed bank, PRE to a bank holding another row) is legal issues it.
/// A bank is never precharged while some queued request still hits its open row, so hits are
/// served before the row is closed (the usual FR-FCFS starvation risk is accepted: bounded queue).
/// With a write queue apart only the requests of the sub-channel's current mode (reads, or writes while draining;
/// <see cref="SubChannel.Eligible"/>) are candidates, for hits and for the precharge rule alike, so a read waiting
/// for read mode never keeps a draining write's bank open.
/// </summary>
internal static class FrFcfsScheduler
{
    /// <summary>Issues at most one command at nCK <paramref name="t"/>; returns the transaction whose CAS issued, or null.</summary>
    public static Transaction? Step(SubChannel sc, long t)
    {
        var q = sc.Queue;
        if (q.Count == 0) return null;

        ulong banksWithHits = 0;   // ≤ 64 banks per sub-channel (validated by the model)
        for (int i = 0; i < q.Count; i++)
        {
            var tx = q[i];
            if (!sc.Eligible(tx) || sc.Banks[tx.FlatBank].OpenRow != tx.Where.Row) continue;
            banksWithHits |= 1UL << tx.FlatBank;
            if (sc.CanCas(tx.FlatBank, tx.IsWrite, t))
            {
                sc.Dequeue(i);
                tx.DoneNck = sc.Cas(tx, t);
                return tx;
            }
        }

        for (int i = 0; i < q.Count; i++)
        {
            var tx = q[i];
            if (!sc.Eligible(tx)) continue;
            var bank = sc.Banks[tx.FlatBank];
            if (bank.OpenRow == tx.Where.Row) continue;        // waiting for CAS timing
            if (!bank.IsOpen)
            {
                if (sc.CanActivate(tx.FlatBank, t))
                {
                    tx.NeededActivate = true;
                    sc.Activate(tx.FlatBank, tx.Where.Row, t, tx.Id);
                    return null;
                }
            }
            else if ((banksWithHits & (1UL << tx.FlatBank)) == 0 && sc.CanPrecharge(tx.FlatBank, t))
            {
                tx.NeededPrecharge = true;
                sc.Precharge(tx.FlatBank, t, tx.Id);
                return null;
            }
        }
        return null;
    }
}
