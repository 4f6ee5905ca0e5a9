using SmartQuant.Hw.Cxl;
using SmartQuant.Models.Cxl;

namespace SmartQuant.Sim.Drivers.Cxl;

/// <summary>
/// Credit flow control on the CXL.mem ports (docs/cxl-store.md, "Credits"). <see cref="Backpressure"/>: the host grants
/// S2M credits sparsely (it holds back a credit return with probability 0.5 to 0.95 per cycle), so the device's DRS
/// and NDR wait for credits while reads and writes keep coming and the M2S input buffers fill (the host waits for
/// M2S credits). <see cref="Overrun"/>: epochs in which a misbehaving host sends past its M2S credits while the device
/// is held up (sparse S2M credits, stalled DRAM): messages that find a full input buffer are dropped and counted, the
/// driver checks that every message left unanswered is one the overrun counters counted, and a well-behaved read-back
/// of everything shows that nothing stored changed except by the writes the device acknowledged.
/// </summary>
public static class CxlCreditScenario
{
    public const int Blocks = 8;
    private static readonly double[] Sparse = [0.5, 0.8, 0.95];

    public static IEnumerable<CxlStep> Backpressure(Random rng)
    {
        var hdm = new HdmInterleave(CxlLayout.HdmBase, 0, 0, 0);
        var full = CxlLayout.FullPrecision(Blocks);
        foreach (var step in CxlLayout.Preload(hdm, full, CxlLayout.Alias(Blocks, 4, RegionFormat.Packed, false), Blocks, rng)) yield return step;
        for (var epoch = 0; ; epoch++)
        {
            var k = 1 + rng.Next(8);
            var alias = CxlLayout.Alias(Blocks, k, RegionFormat.Packed, rng.Next(2) == 0);
            yield return CxlLayout.Program(hdm, full, alias);
            yield return new CxlStalls(0, Sparse[epoch % Sparse.Length], epoch % 2 == 0 ? 0 : 0.1);
            // one block is rewritten (Cmps wait for NDR credits) while the others are read through both views
            var dirty = rng.Next(Blocks);
            for (var l = 0; l < 8; l++) yield return new CxlWrite(hdm.HpaOf(8L * dirty + l), CxlStreamScenario.Bytes(rng));
            for (var b = 0; b < Blocks; b++)
            {
                if (b == dirty) continue;
                for (var l = 0; l < 8; l++) yield return new CxlRead(hdm.HpaOf(8L * b + l));
                for (var l = 0; l < k; l++) yield return new CxlRead(hdm.HpaOf(alias.DpaBase + (long)k * b + l));
            }
            yield return new CxlDrain(rng.Next(4));
        }
    }

    public static IEnumerable<CxlStep> Overrun(Random rng)
    {
        var hdm = new HdmInterleave(CxlLayout.HdmBase, 0, 0, 0);
        var full = CxlLayout.FullPrecision(Blocks);
        foreach (var step in CxlLayout.Preload(hdm, full, CxlLayout.Alias(Blocks, 4, RegionFormat.Packed, false), Blocks, rng)) yield return step;
        for (var epoch = 0; ; epoch++)
        {
            var k = 1 + rng.Next(8);
            var alias = CxlLayout.Alias(Blocks, k, RegionFormat.Packed, false);
            yield return CxlLayout.Program(hdm, full, alias);
            // the misbehaving burst: writes to half the blocks (each line once), reads of the other half, while the
            // device is held up so its input buffers fill
            yield return new CxlStalls(0, 0.9, 0.3);
            yield return new CxlMisbehave(true);
            var order = Enumerable.Range(0, Blocks).OrderBy(_ => rng.Next()).ToArray();
            var writes = new Queue<long>(order[..(Blocks / 2)].SelectMany(b => Enumerable.Range(0, 8).Select(l => 8L * b + l)).OrderBy(_ => rng.Next()));
            var readOnly = order[(Blocks / 2)..];
            for (var op = 0; op < 64; op++)
                if (rng.Next(2) == 0 && writes.TryDequeue(out var line)) yield return new CxlWrite(hdm.HpaOf(line), CxlStreamScenario.Bytes(rng));
                else yield return new CxlRead(hdm.HpaOf(8L * readOnly[rng.Next(readOnly.Length)] + rng.Next(8)));
            // A block a dropped write left partial is merged plane by plane (read, wait, write) on the stalled DRAM, one
            // block after the other: a burst's last Cmp comes up to ~3 200 cycles after it was sent (measured, seed 13).
            yield return new CxlAbandon(10_000);
            // well-behaved read-back of everything through both views: dropped writes must have left no trace
            yield return new CxlStalls(0, 0.2, 0);
            for (var l = 0; l < full.DpaLimit; l++) yield return new CxlRead(hdm.HpaOf(l));
            for (var l = alias.DpaBase; l < alias.DpaLimit; l++) yield return new CxlRead(hdm.HpaOf(l));
            yield return new CxlDrain(rng.Next(4));
        }
    }
}
