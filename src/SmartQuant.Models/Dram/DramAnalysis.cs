namespace SmartQuant.Models.Dram;

/// <summary>Row-buffer state a request finds: open on its row, bank closed, or another row open.</summary>
public enum RowState { Hit, Miss, Conflict }

/// <summary>Idle read latency: nCK from the first command slot to the end of the data burst, the
/// same in controller cycles (rounded up: the response port samples on controller edges) and ns.</summary>
public readonly record struct IdleLatency(RowState Kind, int Nck, long ControllerCycles, double Ns, double FirstDataNs);

/// <summary>Result of a streaming run: <paramref name="Cycles"/> controller cycles from the first
/// request handshake to the cycle after the last response was consumed.</summary>
public readonly record struct StreamResult(long Lines, long Cycles, double Seconds, double BytesPerSecond,
    double PeakBytesPerSecond, DramStats Stats, DramEnergyReport Energy)
{
    public double FractionOfPeak => BytesPerSecond / PeakBytesPerSecond;
}

public static class DramAnalysis
{
    /// <summary>Idle latency derived from the timing set: hit = CL + BL/2, miss = tRCD + CL + BL/2,
    /// conflict = tRP + tRCD + CL + BL/2 (tRAS already satisfied).</summary>
    public static IdleLatency IdleReadLatency(DramConfig config, RowState kind)
    {
        config.Validate();
        var t = config.Timing;
        int toFirstData = kind switch
        {
            RowState.Hit => t.CL,
            RowState.Miss => t.tRCD + t.CL,
            RowState.Conflict => t.tRP + t.tRCD + t.CL,
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        int nck = toFirstData + t.BurstCycles;
        long cycles = (nck + config.ClockRatio - 1) / config.ClockRatio;
        return new IdleLatency(kind, nck, cycles, t.CyclesToNs(nck), t.CyclesToNs(toFirstData));
    }

    /// <summary>
    /// Streams <paramref name="lines"/> sequential 64-byte reads from <paramref name="startAddress"/>
    /// through a fresh model, offering a request every cycle the port is ready and always accepting
    /// responses; reports the achieved bandwidth against <see cref="DramConfig.PeakBandwidthBytesPerSecond"/>.
    /// </summary>
    public static StreamResult MeasureReadStream(DramConfig config, ulong startAddress, long lines)
    {
        if (lines <= 0) throw new ArgumentException($"lines must be positive (got {lines}).", nameof(lines));
        var m = new DramModel(config);
        long next = 0, received = 0;
        long limit = 1000 + lines * 64L * config.Timing.tRC;   // deadlock guard, far above any legal run
        while (received < lines)
        {
            DramRequest? req = next < lines
                ? DramRequest.Read((int)(next & int.MaxValue), startAddress + (ulong)next * DramConfig.LineBytes)
                : null;
            if (m.Response is not null) received++;
            if (m.Clock(req, responseReady: true)) next++;
            if (m.Cycle > limit) throw new InvalidOperationException("DRAM stream made no progress (model deadlock).");
        }
        double seconds = m.Cycle * config.ControllerCycleNs * 1e-9;
        double bw = lines * DramConfig.LineBytes / seconds;
        return new StreamResult(lines, m.Cycle, seconds, bw, config.PeakBandwidthBytesPerSecond, m.Stats.Clone(), m.EnergyReport());
    }
}
