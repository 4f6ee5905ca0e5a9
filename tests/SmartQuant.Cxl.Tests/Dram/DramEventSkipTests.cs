using SmartQuant.Models.Dram;

namespace SmartQuant.Cxl.Tests.Dram;

/// <summary>
/// The model skips DRAM clocks at which no command can issue. These runs drive the skipping model and the every-clock
/// reference path with the same random traffic (row hits, misses and conflicts, read/write turnarounds, idle gaps
/// across refreshes, a full queue, stalled responses) and require the same commands at the same nCK, the same
/// responses in the same cycles, and the same counters.
/// </summary>
public class DramEventSkipTests
{
    private sealed record Run(List<DramCommandEvent> Commands, List<string> Events, DramStats Stats);

    private static Run Drive(DramConfig cfg, bool everyClock, int seed, int cycles)
    {
        var m = new DramModel(cfg, everyClock);
        var commands = new List<DramCommandEvent>();
        var events = new List<string>();
        m.CommandObserver = commands.Add;
        var rng = new Random(seed);
        // A few rows in a few banks of every sub-channel, so hits, misses and conflicts all occur.
        var home = m.Map.Decode(0);
        var id = 0;
        var (rate, stall) = (0.5, 0.1);
        for (var c = 0; c < cycles; c++)
        {
            if (c % 2000 == 0)
                (rate, stall) = rng.Next(5) switch { 0 => (0.0, 0.0), 1 => (0.02, 0.0), 2 => (0.3, 0.6), 3 => (1.0, 0.0), _ => (0.6, 0.2) };
            DramRequest? req = null;
            if (rng.NextDouble() < rate)
            {
                var at = home with
                {
                    SubChannel = rng.Next(cfg.SubChannels), BankGroup = rng.Next(2), Bank = rng.Next(2),
                    Row = rng.Next(3), Column = rng.Next(cfg.LinesPerRow),
                };
                var addr = m.Map.Encode(at);
                req = rng.Next(4) == 0 ? DramRequest.Write(id, addr, DramTestHelpers.Pattern(id)) : DramRequest.Read(id, addr);
            }
            var ready = rng.NextDouble() >= stall;
            if (m.Response is { } r) events.Add($"rsp {r.Id} w={r.IsWrite} accept={r.AcceptCycle} valid={r.ValidCycle} data={Convert.ToHexString(r.Data)} ready={ready}");
            var accepted = m.Clock(req, ready);
            if (req is { } q) events.Add($"req {q.Id} cycle={c} accepted={accepted}");
            if (accepted) id++;
        }
        return new Run(commands, events, m.Stats);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(5, 4)]
    public void Skipping_clocks_gives_the_every_clock_commands_responses_and_counters(int seed, int variant)
    {
        // variants: default (write queue apart); small queues at the DRAM clock; one shared queue (no write drain);
        // a small write queue with low watermarks, so drains start and stop often and the write queue fills
        var cfg = variant switch
        {
            1 => DramConfig.Default,
            2 => DramConfig.Default with { ClockRatio = 1, QueueDepth = 8, SubChannels = 2 },
            3 => DramConfig.Default with { WriteQueueDepth = 0 },
            _ => DramConfig.Default with { QueueDepth = 16, WriteQueueDepth = 12, WriteHighWatermark = 4, WriteLowWatermark = 1 },
        };
        const int cycles = 30_000;   // ≥ 3 refresh intervals at either clock ratio
        var slow = Drive(cfg, everyClock: true, seed, cycles);
        var fast = Drive(cfg, everyClock: false, seed, cycles);

        // the traffic exercises what the skipping has to get right
        Assert.True(slow.Stats.Refreshes >= 3 * cfg.SubChannels);
        Assert.True(slow.Stats.RowHits > 0 && slow.Stats.RowMisses > 0 && slow.Stats.RowConflicts > 0);
        Assert.True(slow.Stats.WriteBursts > 0 && slow.Stats.RequestsRefused > 0 && slow.Stats.ResponseStallCycles > 0);

        Assert.Equal(slow.Commands.Count, fast.Commands.Count);
        for (var i = 0; i < slow.Commands.Count; i++) Assert.Equal(slow.Commands[i], fast.Commands[i]);
        Assert.Equal(slow.Events.Count, fast.Events.Count);
        for (var i = 0; i < slow.Events.Count; i++) Assert.Equal(slow.Events[i], fast.Events[i]);
        foreach (var p in typeof(DramStats).GetProperties())
            Assert.True(Equals(p.GetValue(slow.Stats), p.GetValue(fast.Stats)), $"{p.Name}: {p.GetValue(slow.Stats)} vs {p.GetValue(fast.Stats)}");
    }
}
